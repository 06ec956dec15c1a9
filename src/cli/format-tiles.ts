/**
 * Readable summaries of tile answers: the list of tiles, and one tile's data
 * as a table whatever its type.
 * @module
 */
import { formatErrors } from './format-errors.ts'
import type { Style } from './text-layout.ts'
import { alignColumns, PLAIN_STYLE } from './text-layout.ts'

type Json = Record<string, unknown>

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined || value === null ? '-' : String(value)

const dataOf = (answer: unknown): unknown => (answer as { data?: unknown } | null)?.data

const records = (value: unknown): Json[] =>
  Array.isArray(value) ? value.filter((item) => item !== null && typeof item === 'object') : []

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])

const at = (items: unknown, index: unknown): unknown =>
  typeof index === 'number' ? list(items)[index] : undefined

const field = (value: unknown, name: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Json)[name] : undefined

/** `/tiles` as lines: id, type, title. */
export function formatTileList(answer: unknown, style: Style = PLAIN_STYLE): string[] {
  const tiles = records(dataOf(answer))
  const lines =
    tiles.length === 0
      ? [style.dim('No tiles.')]
      : [
          style.heading(`Tiles (${tiles.length})`),
          ...alignColumns(tiles.map((tile) => [text(tile.id), text(tile.type), text(tile.title)])),
          '',
          style.dim(
            `Periods: ${list(tiles[0]?.periods).map(text).join(', ')} (default ${text(tiles[0]?.default_period)})`,
          ),
        ]
  const errors = formatErrors(answer, style)
  return errors.length > 0 ? [...lines, '', ...errors] : lines
}

function bar(value: number, max: number, width = 30): string {
  if (max <= 0 || value <= 0) return ''
  return '#'.repeat(Math.max(1, Math.round((value / max) * width)))
}

function metricRows(data: Json): string[] {
  return alignColumns(records(data.data).map((metric) => [text(metric.label), text(metric.value)]))
}

function donutRows(data: Json): string[] {
  const [outer, inner] = list(data.labels)
  const rows: string[][] = [['Severity', 'Category', 'Detections']]
  for (const slice of records(data.data)) {
    rows.push([text(at(outer, slice.key)), '(all)', text(slice.value)])
    for (const segment of records(slice.segments)) {
      rows.push(['', text(at(inner, segment.key)), text(segment.value)])
    }
  }
  return rows.length === 1 ? ['  No detections in this period.'] : alignColumns(rows)
}

function barRows(data: Json): string[] {
  const keyRecords = records(data.keys)
  const keys = keyRecords.map((key) => text(key.key))
  const bars = records(data.data)
  if (bars.length === 0) return ['  No detections in this period.']
  const max = Math.max(...bars.map((item) => Number(item.value) || 0))
  const header = [
    data.key_type === 'timestamp' ? 'Interval' : 'Rule',
    'Total',
    ...keyRecords.map((key) => text(key.label ?? key.key)),
    '',
  ]
  const rows = bars.map((item) => {
    const byKey = new Map(records(item.values).map((value) => [text(value.key), value.value]))
    return [
      text(item.label),
      text(item.value),
      ...keys.map((key) => text(byKey.get(key) ?? '')),
      bar(Number(item.value) || 0, max),
    ]
  })
  return alignColumns([header, ...rows])
}

// Links would drown the table in a terminal: show their text only.
const unlink = (line: string): string => line.replace(/\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g, '$1')

function markdownRows(data: Json): string[] {
  const lines = list(data.data).map(text)
  const table = lines.filter((line: string) => line.startsWith('|'))
  if (table.length === 0) return lines.map((line: string) => `  ${line}`)
  const rows = table
    .filter((line: string) => !/^\|\s*-/.test(line))
    .map((line: string) =>
      unlink(line)
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((cell: string) => cell.trim().replace(/\\(.)/g, '$1')),
    )
  return alignColumns(rows)
}

/** One tile's answer: a heading with the period and window, a table, then errors. */
export function formatTileData(
  answer: unknown,
  tile: { id: string; title?: string; type?: string },
  style: Style = PLAIN_STYLE,
): string[] {
  const data = dataOf(answer) as Json | undefined
  const lines: string[] = []
  if (data !== undefined && data !== null && typeof data === 'object') {
    const observed = data.observed_time
    const window = `${text(field(observed, 'start_time'))} → ${text(field(observed, 'end_time'))}`
    lines.push(
      `${style.heading(tile.title ?? tile.id)}  ${style.dim(`${text(data.period)}, ${window}`)}`,
    )
    const rows =
      tile.type === 'metric_group'
        ? metricRows(data)
        : tile.type === 'donut_graph'
          ? donutRows(data)
          : tile.type === 'markdown'
            ? markdownRows(data)
            : barRows(data)
    lines.push(...rows)
  }
  const errors = formatErrors(answer, style)
  if (errors.length > 0) lines.push(...(lines.length > 0 ? [''] : []), ...errors)
  return lines
}
