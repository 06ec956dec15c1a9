/**
 * The dashboard: every tile the relay lists, drawn for one period, each with
 * its observed window, its errors and warnings, and its raw answer.
 * @module
 */
import type { TileData, TileDefinition } from '../model/relay-shapes.ts'
import { offeredPeriods } from '../model/tile-periods.ts'
import { answerErrors, notServedNote, rawJsonPanel } from './answer-panels.ts'
import { el, note } from './dom.ts'
import { formatTime } from './format.ts'
import { postRelay, type RelayAnswer } from './relay-client.ts'
import { barChart } from './tile-bar-chart.ts'
import { donutGraph } from './tile-donut.ts'
import { markdownTile } from './tile-markdown.ts'
import { metricGroup } from './tile-metric-group.ts'

const FALLBACK_PERIOD = 'last_7_days'

/** Replace the options of `select` with the periods the tiles offer, keeping the choice if still offered. */
function fillPeriods(select: HTMLSelectElement, definitions: readonly TileDefinition[]): void {
  const { periods, preferred } = offeredPeriods(definitions)
  if (periods.length === 0) return
  const chosen = periods.includes(select.value) ? select.value : (preferred ?? periods[0])
  select.replaceChildren(
    ...periods.map((period) =>
      el('option', { value: period, selected: period === chosen }, period.replaceAll('_', ' ')),
    ),
  )
}

async function listTiles(token: string) {
  const listed = await postRelay<TileDefinition[]>('/tiles', undefined, token)
  const definitions =
    listed.kind === 'answered' && Array.isArray(listed.body.data) ? listed.body.data : []
  return { listed, definitions }
}

/** The view, given a way to read the current token. */
export function dashboardView(token: () => string): HTMLElement {
  // The periods are the ones the relay's tiles list; until the list is read, the usual default.
  const select = el(
    'select',
    { id: 'period' },
    el('option', { value: FALLBACK_PERIOD, selected: true }, FALLBACK_PERIOD.replaceAll('_', ' ')),
  ) as HTMLSelectElement
  let listed = false
  const refreshPeriods = async () => {
    if (listed || token() === '') return
    const { definitions } = await listTiles(token())
    listed = definitions.length > 0
    fillPeriods(select, definitions)
  }
  void refreshPeriods()
  // A token typed in after the page opened: read the list when the picker is first used.
  select.addEventListener('focus', () => void refreshPeriods())
  const status = el('p', { id: 'tiles-status', role: 'status', class: 'hint' })
  const tiles = el('div', { id: 'tiles', 'aria-busy': 'false' })
  const load = async (event: Event) => {
    event.preventDefault()
    tiles.setAttribute('aria-busy', 'true')
    status.textContent = 'Loading tiles…'
    tiles.replaceChildren(...(await loadTiles(select, token())))
    status.textContent = `Done: ${select.value.replaceAll('_', ' ')}.`
    tiles.setAttribute('aria-busy', 'false')
  }
  return el(
    'div',
    { id: 'dashboard-view' },
    el(
      'form',
      { class: 'period', onsubmit: (event: Event) => void load(event) },
      el('label', { for: 'period' }, 'Period'),
      select,
      el('button', { type: 'submit', id: 'load-tiles' }, 'Show tiles'),
      status,
    ),
    tiles,
  )
}

async function loadTiles(select: HTMLSelectElement, token: string): Promise<HTMLElement[]> {
  const { listed, definitions } = await listTiles(token)
  const missing = notServedNote(listed)
  if (missing) return [missing]
  fillPeriods(select, definitions)
  const period = select.value
  const errors = answerErrors(listed)
  if (definitions.length === 0) {
    return [
      note(
        errors.length > 0
          ? `The tile list failed: ${errors.map((e) => e.message).join('; ')}`
          : 'The relay lists no tiles.',
        'missing',
      ),
    ]
  }
  const answers = await Promise.all(
    definitions.map((tile) => {
      // A tile that does not offer the chosen period is drawn for its default one, and says so.
      const offered = tile.periods === undefined || tile.periods.includes(period)
      const asked = offered ? period : (tile.default_period ?? period)
      return postRelay<TileData>('/tiles/tile-data', { tile_id: tile.id, period: asked }, token)
    }),
  )
  return [
    el(
      'div',
      { class: 'tile-grid' },
      ...definitions.map((tile, i) => tileCard(tile, answers[i] as RelayAnswer<TileData>, period)),
    ),
    rawJsonPanel('raw-tiles', [listed, ...answers]),
  ]
}

function tileCard(
  tile: TileDefinition,
  answer: RelayAnswer<TileData>,
  period: string,
): HTMLElement {
  const data = answer.kind === 'answered' ? answer.body.data : undefined
  const errors = answerErrors(answer)
  return el(
    'section',
    {
      class: 'tile',
      'data-tile': tile.id,
      'data-type': tile.type ?? '',
      'aria-labelledby': `tile-${tile.id}`,
    },
    el('h2', { id: `tile-${tile.id}` }, tile.title ?? tile.id),
    tile.short_description ? el('p', { class: 'hint' }, tile.short_description) : null,
    data?.period !== undefined && data.period !== period
      ? note(`Shown for ${data.period}: the tile does not offer ${period}.`)
      : null,
    ...errors.map((error) =>
      el(
        'p',
        { class: `flag flag-${error.type === 'warning' ? 'warning' : 'error'}` },
        el('strong', {}, error.type === 'warning' ? 'Warning ' : 'Error '),
        `${error.code}: ${error.message}`,
      ),
    ),
    notServedNote(answer) ?? null,
    data === undefined ? null : tileBody(tile.type, data),
    data?.observed_time
      ? el(
          'p',
          { class: 'hint' },
          `${formatTime(data.observed_time.start_time)} to ${formatTime(data.observed_time.end_time)}`,
        )
      : null,
  )
}

function tileBody(type: string | undefined, data: TileData): HTMLElement {
  const rows = Array.isArray(data.data) ? data.data : []
  switch (type) {
    case 'metric_group':
      return metricGroup(rows)
    case 'donut_graph':
      return donutGraph(rows, data.labels ?? [], data.label_headers ?? [])
    case 'vertical_bar_chart':
      return barChart(rows, data.keys ?? [], data.key_type, 'vertical')
    case 'horizontal_bar_chart':
      return barChart(rows, data.keys ?? [], data.key_type, 'horizontal')
    case 'markdown':
      return markdownTile(rows)
    default:
      return note(
        `The console cannot draw tiles of type ${type ?? '(none)'}; the raw answer is below.`,
        'missing',
      )
  }
}
