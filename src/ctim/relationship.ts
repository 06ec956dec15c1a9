/**
 * The `sighting-of` link from an attached sighting to its rule's indicator.
 * @module
 */
import { SCHEMA_VERSION } from './constants.ts'
import type { MappingContext, Relationship } from './types.ts'

/** A `sighting-of` relationship with id `transient:relationship-<ctx.newId()>`. */
export function mapRelationship(
  sightingId: string,
  indicatorId: string,
  ctx: Pick<MappingContext, 'newId'>,
): Relationship {
  return {
    type: 'relationship',
    id: `transient:relationship-${ctx.newId()}`,
    schema_version: SCHEMA_VERSION,
    relationship_type: 'sighting-of',
    source_ref: sightingId,
    target_ref: indicatorId,
  }
}
