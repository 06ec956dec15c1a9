/**
 * `gti-top-devices` (markdown): a table of the ten devices with the most
 * detections new in the period.
 * @module
 */
import { escapeMarkdown } from '../ctim/markdown.ts'
import { ruleOf, SEVERITIES, SEVERITY_LABELS, type SeverityKey } from './detection-set.ts'
import { newInPeriod, type TileInput } from './tile-input.ts'
import { deviceSearchUrl } from './tile-links.ts'

/** Rows shown. */
export const TOP_DEVICES = 10

/** What the table says when nothing is new. */
export const NO_DETECTIONS_LINE = 'No detections in this period.'

interface DeviceRow {
  ip: string
  detections: number
  highest: SeverityKey
  rules: Set<string>
  lastSeenMs: number | undefined
}

const rank = (severity: SeverityKey): number => SEVERITIES.indexOf(severity)

// Numeric order for IPv4 (10.0.0.9 before 10.0.0.10); other text compares as it is.
const sortableIp = (ip: string): string => ip.replace(/\d+/g, (part) => part.padStart(5, '0'))

function utc(ms: number | undefined): string {
  if (ms === undefined) return '-'
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}`
}

// Inside a table cell a pipe would end the cell.
const cell = (text: string): string => escapeMarkdown(text).replace(/\|/g, '\\|')

/** The table as markdown lines. */
export function topDevicesTile(input: TileInput): { data: string[] } {
  const rows = new Map<string, DeviceRow>()
  for (const detection of newInPeriod(input)) {
    if (detection.deviceIp === undefined) continue
    const rule = ruleOf(input.created, detection)
    const row = rows.get(detection.deviceIp) ?? {
      ip: detection.deviceIp,
      detections: 0,
      highest: 'other',
      rules: new Set<string>(),
      lastSeenMs: undefined,
    }
    row.detections += 1
    if (rank(rule.severity) < rank(row.highest)) row.highest = rule.severity
    row.rules.add(rule.uuid)
    if (
      detection.lastSeenMs !== undefined &&
      (row.lastSeenMs === undefined || detection.lastSeenMs > row.lastSeenMs)
    ) {
      row.lastSeenMs = detection.lastSeenMs
    }
    rows.set(detection.deviceIp, row)
  }
  if (rows.size === 0) return { data: [NO_DETECTIONS_LINE] }
  const top = [...rows.values()]
    .sort((a, b) => b.detections - a.detections || (sortableIp(a.ip) < sortableIp(b.ip) ? -1 : 1))
    .slice(0, TOP_DEVICES)
  return {
    data: [
      '| Device | Detections | Highest severity | Rules | Last seen (UTC) |',
      '| --- | ---: | --- | ---: | --- |',
      ...top.map(
        (row) =>
          `| [${cell(row.ip)}](${deviceSearchUrl(input.portalUrl, row.ip)}) | ${row.detections} | ${SEVERITY_LABELS[row.highest]} | ${row.rules.size} | ${utc(row.lastSeenMs)} |`,
      ),
    ],
  }
}
