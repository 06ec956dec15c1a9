/**
 * The fields every sighting of this module shares, whatever it was made from
 * (an event, a passive DNS record, a file entity).
 * @module
 */
import type { Observable } from '../observables/observable.ts'
import { SCHEMA_VERSION, SOURCE } from './constants.ts'
import type { ExternalReference, MappingContext, ObservedTime, Sighting } from './types.ts'

/** What differs between sightings of one observable before the optional fields are added. */
export interface SightingCore {
  observable: Observable
  observedTime: ObservedTime
  /** At least one; their external ids become the sighting's. */
  references: ExternalReference[]
  /** The link XDR shows for the sighting: one of the references' URLs. */
  sourceUri: string
  description: string
  /** How many times it was seen; 1 unless given. */
  count?: number
}

/**
 * A High-confidence internal sighting of `core.observable` with the id
 * `transient:sighting-<ctx.newId()>`; callers add sensor, data, relations and targets.
 */
export function newSighting(core: SightingCore, ctx: MappingContext): Sighting {
  const { observable, references } = core
  return {
    type: 'sighting',
    id: `transient:sighting-${ctx.newId()}`,
    schema_version: SCHEMA_VERSION,
    source: SOURCE,
    confidence: 'High',
    count: core.count ?? 1,
    internal: true,
    observed_time: core.observedTime,
    observables: [{ type: observable.type, value: observable.value }],
    external_ids: references.map((reference) => reference.external_id),
    external_references: references,
    source_uri: core.sourceUri,
    description: core.description,
  }
}
