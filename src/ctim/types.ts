/**
 * The CTIM shapes the observe answer is made of (CTIM 1.3.28), restricted to
 * the fields this relay fills.
 * @module
 */

/** CTIM `Severity` vocabulary: `HighMedLow` plus `Critical`. */
export type Severity = 'Info' | 'Low' | 'Medium' | 'High' | 'None' | 'Unknown' | 'Critical'

/** Confidence as observe.md maps it: the same table as severity (see `mapConfidence`). */
export type Confidence = Severity

/** A CTIM observable: `{type, value}`. */
export interface CtimObservable {
  type: string
  value: string
}

/** When a sighting (or its target) was observed. */
export interface ObservedTime {
  start_time: string
  end_time: string
}

/** When an indicator is valid; CTIM requires the object, not its fields. */
export interface ValidTime {
  start_time?: string
}

/** A link back to ThreatINSIGHT. */
export interface ExternalReference {
  source_name: string
  description: string
  external_id: string
  url: string
}

/** A relation between two observables seen in an event. */
export interface ObservedRelation {
  origin: string
  source: CtimObservable
  relation: string
  related: CtimObservable
}

/** The internal device an event involves. */
export interface Target {
  type: 'endpoint'
  observed_time: ObservedTime
  observables: CtimObservable[]
}

/** Column types used by the sighting data table. */
export type DataColumnType = 'string' | 'integer' | 'number'

/** One data table column. */
export interface DataColumn {
  name: string
  type: DataColumnType
}

/** A sighting's data table: one row, cells in column order. */
export interface DataTable {
  columns: DataColumn[]
  rows: unknown[][]
}

/** A CTIM sighting: one per kept event. */
export interface Sighting {
  type: 'sighting'
  id: string
  schema_version: string
  source: string
  confidence: Confidence
  count: number
  internal: boolean
  observed_time: ObservedTime
  observables: CtimObservable[]
  sensor?: string
  external_ids: string[]
  external_references: ExternalReference[]
  source_uri: string
  severity?: Severity
  description: string
  data?: DataTable
  relations?: ObservedRelation[]
  targets?: Target[]
}

/** A CTIM indicator: one per detection rule with an attached sighting. */
export interface Indicator {
  type: 'indicator'
  id: string
  schema_version: string
  producer: string
  source: string
  valid_time: ValidTime
  confidence: Confidence
  severity: Severity
  description?: string
  short_description?: string
  title?: string
  tags?: string[]
  external_ids: string[]
  external_references: ExternalReference[]
  source_uri: string
}

/** A CTIM relationship: one `sighting-of` per attached sighting. */
export interface Relationship {
  type: 'relationship'
  id: string
  schema_version: string
  relationship_type: 'sighting-of'
  source_ref: string
  target_ref: string
}

/** The entities of one observable, each list in answer order. */
export interface MappedObservable {
  sightings: Sighting[]
  indicators: Indicator[]
  relationships: Relationship[]
  /** Sightings whose relations were cut at {@link MappingContext.maxRelationsPerSighting}. */
  relationsCut?: number
}

/** One key of the observe answer. */
export interface DocList<T> {
  count: number
  docs: T[]
}

/** The `data` of an observe answer: only the keys that have docs. */
export interface ObserveData {
  sightings?: DocList<Sighting>
  indicators?: DocList<Indicator>
  relationships?: DocList<Relationship>
}

/** What the mapping needs from outside: the portal base and a uuid v4 source. */
export interface MappingContext {
  /** Portal base URL, e.g. `https://portal.icebrg.io` (a trailing `/` is tolerated). */
  portalUrl: string
  /** Returns a fresh uuid v4 (production: `crypto.randomUUID`). */
  newId: () => string
  /** Relations kept per sighting (default: all). */
  maxRelationsPerSighting?: number
  /** Told once per sighting whose relations were cut. */
  onRelationsCut?: () => void
}
