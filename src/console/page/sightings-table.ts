/**
 * Sightings as a table sortable by any column (click or Enter/Space on a
 * header button; `aria-sort` tells screen readers the order).
 * @module
 */

import { parseInline } from '../model/markdown-blocks.ts'
import type { Sighting } from '../model/relay-shapes.ts'
import { el, externalLink, note, panel } from './dom.ts'
import { formatTime, LEVEL_RANK, levelClass } from './format.ts'
import { inline } from './tile-markdown.ts'

interface Column {
  title: string
  /** The sort key of a sighting. */
  key: (sighting: Sighting) => string | number
  cell: (sighting: Sighting) => Node | string
}

const observablesText = (sighting: Sighting) =>
  (sighting.observables ?? []).map((o) => `${o.type}:${o.value}`).join(', ')
const targetsText = (sighting: Sighting) =>
  (sighting.targets ?? [])
    .flatMap((target) => (target.observables ?? []).map((o) => o.value))
    .join(', ')

const COLUMNS: readonly Column[] = [
  {
    title: 'Observed',
    key: (s) => Date.parse(s.observed_time?.start_time ?? '') || 0,
    cell: (s) => formatTime(s.observed_time?.start_time),
  },
  { title: 'Observables', key: observablesText, cell: observablesText },
  {
    title: 'What',
    key: (s) => s.title ?? s.description ?? '',
    cell: (s) =>
      el(
        'span',
        {},
        s.title ? externalLink(s.source_uri, s.title) : null,
        s.title ? ' ' : null,
        ...inline(parseInline(s.description ?? (s.title ? '' : '(no description)'))),
        s.source_uri && !s.title ? el('span', {}, ' ', externalLink(s.source_uri, 'open')) : null,
      ),
  },
  { title: 'Targets', key: targetsText, cell: targetsText },
  { title: 'Sensor', key: (s) => s.sensor ?? '', cell: (s) => s.sensor ?? '' },
  {
    title: 'Severity',
    key: (s) => LEVEL_RANK[s.severity ?? ''] ?? -1,
    cell: (s) => el('span', { class: levelClass(s.severity) }, s.severity ?? ''),
  },
  {
    title: 'Confidence',
    key: (s) => LEVEL_RANK[s.confidence ?? ''] ?? -1,
    cell: (s) => el('span', { class: levelClass(s.confidence) }, s.confidence ?? ''),
  },
  { title: 'Count', key: (s) => s.count ?? 0, cell: (s) => String(s.count ?? '') },
]

/** The sightings panel. */
export function sightingsTable(sightings: readonly Sighting[]): HTMLElement {
  if (sightings.length === 0) return panel('sightings', 'Sightings', note('No sightings.'))
  let sortBy = 0
  let ascending = false
  const body = el('tbody')
  const headers = COLUMNS.map((column, index) =>
    el(
      'th',
      { scope: 'col', 'aria-sort': index === sortBy ? 'descending' : 'none' },
      el('button', { type: 'button', class: 'sort', onclick: () => sort(index) }, column.title),
    ),
  )
  const render = () => {
    const column = COLUMNS[sortBy] as Column
    const rows = [...sightings].sort((a, b) => {
      const x = column.key(a)
      const y = column.key(b)
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
      return ascending ? order : -order
    })
    body.replaceChildren(
      ...rows.map((sighting) =>
        el(
          'tr',
          {
            'data-sighting': sighting.id ?? '',
            'data-observed': sighting.observed_time?.start_time ?? '',
          },
          ...COLUMNS.map((c) => el('td', {}, c.cell(sighting))),
        ),
      ),
    )
    headers.forEach((header, index) => {
      header.setAttribute(
        'aria-sort',
        index === sortBy ? (ascending ? 'ascending' : 'descending') : 'none',
      )
    })
  }
  const sort = (index: number) => {
    ascending = index === sortBy ? !ascending : false
    sortBy = index
    render()
  }
  render()
  return panel(
    'sightings',
    `Sightings (${sightings.length})`,
    el(
      'div',
      { class: 'scroll' },
      el(
        'table',
        { class: 'grid', id: 'sightings-table' },
        el('caption', { class: 'visually-hidden' }, 'Sightings; the column buttons sort the table'),
        el('thead', {}, el('tr', {}, ...headers)),
        body,
      ),
    ),
  )
}
