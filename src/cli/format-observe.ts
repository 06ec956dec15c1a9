/**
 * The readable summary of an observe answer: per observable one line per
 * sighting (time, event type, rule, severity, target host), then the
 * indicators, then any errors or warnings.
 * @module
 */
import type { Indicator, ObserveData, Relationship, Sighting } from '../ctim/types.ts'
import { formatErrors, hasFatalError } from './format-errors.ts'
import type { Style } from './text-layout.ts'
import { alignColumns, PLAIN_STYLE } from './text-layout.ts'

/** An observable as the CLI sends it. */
export interface RequestedObservable {
  type: string
  value: string
}

/** Options of {@link formatObserveAnswer}. */
export interface ObserveSummaryOptions {
  /** Sightings listed per observable before "… N more"; default all. */
  maxSightings?: number
  style?: Style
}

const NONE = '-'

/** `2026-11-28T08:39:58.429Z` → `2026-11-28 08:39:58Z`: seconds are enough to read. */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined || iso === '') return NONE
  return iso.replace('T', ' ').replace(/\.\d+(?=Z$)/, '')
}

/** The event type named in a sighting description (the relay writes it in bold). */
export function eventTypeOf(sighting: Pick<Sighting, 'description'>): string {
  const match = /of type \*\*((?:\\.|[^*\\])+)\*\*/.exec(sighting.description ?? '')
  return match?.[1] === undefined ? NONE : match[1].replace(/\\(.)/g, '$1')
}

/** `10.1.70.102 (ws-042)`: the first target's ip, with its hostname when known. */
export function targetOf(sighting: Pick<Sighting, 'targets'>): string {
  const observables = sighting.targets?.[0]?.observables ?? []
  const ip = observables.find((observable) => observable.type === 'ip')?.value
  const hostname = observables.find((observable) => observable.type === 'hostname')?.value
  if (ip === undefined) return hostname ?? NONE
  return hostname === undefined ? ip : `${ip} (${hostname})`
}

/** Sighting id → the title of the indicator it is a sighting of. */
export function ruleNamesBySighting(data: ObserveData): Map<string, string> {
  const titles = new Map<string, string>()
  for (const indicator of docsOf<Indicator>(data.indicators)) {
    if (typeof indicator.title === 'string') titles.set(indicator.id, indicator.title)
  }
  const names = new Map<string, string>()
  for (const relationship of docsOf<Relationship>(data.relationships)) {
    const title = titles.get(relationship.target_ref)
    if (relationship.relationship_type === 'sighting-of' && title !== undefined) {
      names.set(relationship.source_ref, title)
    }
  }
  return names
}

/** The cells of one sighting line: time, event type, rule, severity, target. */
export function sightingCells(
  sighting: Sighting,
  ruleNames: ReadonlyMap<string, string>,
): string[] {
  return [
    formatTime(sighting.observed_time?.start_time),
    eventTypeOf(sighting),
    ruleNames.get(sighting.id) ?? NONE,
    sighting.severity ?? NONE,
    targetOf(sighting),
  ]
}

/** The whole summary as lines (no trailing newline). */
export function formatObserveAnswer(
  answer: unknown,
  requested: readonly RequestedObservable[],
  options: ObserveSummaryOptions = {},
): string[] {
  const style = options.style ?? PLAIN_STYLE
  const data = dataOf(answer)
  const sightings = docsOf<Sighting>(data.sightings)
  const indicators = docsOf<Indicator>(data.indicators)
  const ruleNames = ruleNamesBySighting(data)
  const lines: string[] = []

  // A refused request (bad token, bad payload) has nothing to list per observable.
  const refused = hasFatalError(answer) && sightings.length === 0 && indicators.length === 0
  for (const observable of refused ? [] : observablesToShow(requested, sightings)) {
    const own = sightings.filter((sighting) =>
      (sighting.observables ?? []).some(
        (seen) => seen.type === observable.type && seen.value === observable.value,
      ),
    )
    const count = own.length === 1 ? '1 sighting' : `${own.length} sightings`
    lines.push(
      `${style.heading(`${observable.type} ${observable.value}`)}  ${style.dim(own.length === 0 ? 'no sightings' : count)}`,
    )
    const shown = own.slice(0, options.maxSightings ?? own.length)
    lines.push(
      ...alignColumns(
        shown.map((sighting) => sightingCells(sighting, ruleNames)),
        {
          paint: (text, column) => (text.trim() === NONE || column === 0 ? style.dim(text) : text),
        },
      ),
    )
    if (shown.length < own.length) {
      lines.push(style.dim(`  … ${own.length - shown.length} more (--json shows them all)`))
    }
    lines.push('')
  }

  if (indicators.length > 0) {
    lines.push(style.heading(`Indicators (${indicators.length})`))
    lines.push(
      ...alignColumns(
        indicators.map((indicator) => [
          indicator.title ?? indicator.short_description ?? NONE,
          `severity ${indicator.severity ?? NONE}`,
          `confidence ${indicator.confidence ?? NONE}`,
        ]),
      ),
    )
    lines.push('')
  }

  const errors = formatErrors(answer, style)
  if (errors.length > 0) {
    for (const error of errors) lines.push(error)
    lines.push('')
  }
  while (lines.at(-1) === '') lines.pop()
  return lines
}

function dataOf(answer: unknown): ObserveData {
  const data = (answer as { data?: unknown } | null)?.data
  return data !== null && typeof data === 'object' && !Array.isArray(data)
    ? (data as ObserveData)
    : {}
}

function docsOf<T>(list: { docs?: unknown } | undefined): T[] {
  return Array.isArray(list?.docs) ? (list.docs as T[]) : []
}

/** The requested observables, plus any the answer has sightings for but was not asked. */
function observablesToShow(
  requested: readonly RequestedObservable[],
  sightings: readonly Sighting[],
): RequestedObservable[] {
  const shown = new Map<string, RequestedObservable>()
  const add = (observable: RequestedObservable) => {
    const key = `${observable.type}\u0000${observable.value}`
    if (!shown.has(key)) shown.set(key, { type: observable.type, value: observable.value })
  }
  requested.forEach(add)
  for (const sighting of sightings) (sighting.observables ?? []).forEach(add)
  return [...shown.values()]
}
