/**
 * The shapes of relay answers as the console reads them: loose on purpose,
 * since the page must show whatever a relay answers, including surprises.
 * @module
 */

/** A CTIM observable. */
export interface Observable {
  type: string
  value: string
}

/** One error of the relay envelope, as XDR reads it. */
export interface EnvelopeError {
  code?: string
  message?: string
  type?: string
}

/** The relay envelope. */
export interface Envelope<T = unknown> {
  data?: T
  errors?: EnvelopeError[]
}

/** `{count, docs}` of a CTIM bundle. */
export interface Docs<T> {
  count?: number
  docs?: T[]
}

/** A CTIM time range. */
export interface TimeRange {
  start_time?: string
  end_time?: string
}

/** An observed relation of a sighting. */
export interface ObservedRelation {
  origin?: string
  relation?: string
  source?: Observable
  related?: Observable
}

/** A sighting, with the fields the console shows. */
export interface Sighting {
  id?: string
  title?: string
  description?: string
  confidence?: string
  severity?: string
  count?: number
  sensor?: string
  source_uri?: string
  observed_time?: TimeRange
  observables?: Observable[]
  relations?: ObservedRelation[]
  targets?: { type?: string; observables?: Observable[] }[]
}

/** An indicator, with the fields the console shows. */
export interface Indicator {
  id?: string
  title?: string
  short_description?: string
  description?: string
  severity?: string
  confidence?: string
  source_uri?: string
  tags?: string[]
  valid_time?: TimeRange
}

/** A relationship between two entities of the bundle. */
export interface Relationship {
  id?: string
  relationship_type?: string
  source_ref?: string
  target_ref?: string
}

/** A judgement (deliberate, and observe once it carries them). */
export interface Judgement {
  id?: string
  observable?: Observable
  disposition?: number
  disposition_name?: string
  priority?: number
  severity?: string
  confidence?: string
  reason?: string
  reason_uri?: string
  valid_time?: TimeRange
}

/** A verdict: one per observable that has a judgement. */
export interface Verdict {
  observable?: Observable
  disposition?: number
  disposition_name?: string
  judgement_id?: string
  valid_time?: TimeRange
}

/** The data of an observe (or deliberate) answer. */
export interface Bundle {
  sightings?: Docs<Sighting>
  indicators?: Docs<Indicator>
  relationships?: Docs<Relationship>
  judgements?: Docs<Judgement>
  verdicts?: Docs<Verdict>
}

/** A refer link. */
export interface ReferLink {
  id?: string
  title?: string
  description?: string
  url?: string
  categories?: string[]
}

/** A respond action offered for an observable. */
export interface RespondAction {
  id?: string
  title?: string
  description?: string
  categories?: string[]
  'query-params'?: Record<string, unknown>
}

/** A tile definition. */
export interface TileDefinition {
  id: string
  type?: string
  title?: string
  short_description?: string
  description?: string
  periods?: string[]
  default_period?: string
}

/** The key of a chart series: a plain key or `{key, label}`. */
export type ChartKey = string | { key?: unknown; label?: string }

/** The data of one tile for a period. */
export interface TileData {
  observed_time?: TimeRange
  valid_time?: TimeRange
  period?: string
  cache_scope?: string
  labels?: string[][]
  label_headers?: string[]
  keys?: ChartKey[]
  key_type?: string
  data?: unknown[]
}

/** A stable key for an observable. */
export function observableKey(observable: Observable): string {
  return `${observable.type}:${observable.value}`
}
