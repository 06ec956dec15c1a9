/**
 * All CTIM entities of one observable.
 * @module
 */
import type { ObservableFindings } from './findings.ts'
import { indicatorId, mapIndicator } from './indicator.ts'
import { mapRelationship } from './relationship.ts'
import { mapSighting } from './sighting.ts'
import type { MappedObservable, MappingContext } from './types.ts'

/**
 * Maps one observable's findings: a sighting per kept event in the given order;
 * for an attached one, its rule's indicator (placed when the rule's first sighting
 * is emitted) and a relationship from the sighting to it.
 */
export function mapFindings(findings: ObservableFindings, ctx: MappingContext): MappedObservable {
  const mapped: MappedObservable = { sightings: [], indicators: [], relationships: [] }
  const placed = new Set<string>()
  let relationsCut = 0
  const sightingCtx: MappingContext = { ...ctx, onRelationsCut: () => relationsCut++ }
  for (const kept of findings.events) {
    const sighting = mapSighting(kept, findings.observable, findings.dhcp, sightingCtx)
    mapped.sightings.push(sighting)
    if (kept.attached === undefined) continue

    const target = indicatorId(kept.attached.rule.uuid)
    if (!placed.has(target)) {
      placed.add(target)
      mapped.indicators.push(mapIndicator(kept.attached.rule, ctx))
    }
    mapped.relationships.push(mapRelationship(sighting.id, target, ctx))
  }
  if (relationsCut > 0) mapped.relationsCut = relationsCut
  return mapped
}
