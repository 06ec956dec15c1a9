/**
 * All CTIM entities of one observable.
 * @module
 */
import { fitToCtim } from './ctim-limits.ts'
import { mapFileSighting } from './file-sighting.ts'
import type { ObservableFindings } from './findings.ts'
import { indicatorId, mapIndicator } from './indicator.ts'
import { mapPdnsSighting } from './pdns-sighting.ts'
import { mapRelationship } from './relationship.ts'
import { mapSighting } from './sighting.ts'
import type { MappedObservable, MappingContext } from './types.ts'

/**
 * Maps one observable's findings: a sighting per kept event in the given order;
 * for an attached one, its rule's indicator (placed when the rule's first sighting
 * is emitted) and a relationship from the sighting to it; then the entity
 * enrichments' sightings (v2 rule 7). Every entity is cut to
 * CTIM's string limits (v2 rule 5).
 */
export function mapFindings(findings: ObservableFindings, ctx: MappingContext): MappedObservable {
  const mapped: MappedObservable = { sightings: [], indicators: [], relationships: [] }
  const placed = new Set<string>()
  let relationsCut = 0
  const sightingCtx: MappingContext = { ...ctx, onRelationsCut: () => relationsCut++ }
  for (const kept of findings.events) {
    const sighting = fitToCtim(mapSighting(kept, findings.observable, findings.dhcp, sightingCtx))
    mapped.sightings.push(sighting)
    if (kept.attached === undefined) continue

    const target = fitToCtim({ id: indicatorId(kept.attached.rule.uuid) }).id
    if (!placed.has(target)) {
      placed.add(target)
      mapped.indicators.push(fitToCtim(mapIndicator(kept.attached.rule, ctx)))
    }
    mapped.relationships.push(fitToCtim(mapRelationship(sighting.id, target, ctx)))
  }
  const entities = findings.entities
  if (entities !== undefined) {
    for (const record of entities.pdns) {
      const sighting = mapPdnsSighting(record, findings.observable, ctx)
      if (sighting !== undefined) mapped.sightings.push(fitToCtim(sighting))
    }
    if (entities.file !== undefined) {
      const sighting = mapFileSighting(entities.file, findings.observable, ctx)
      if (sighting !== undefined) mapped.sightings.push(fitToCtim(sighting))
    }
  }
  if (relationsCut > 0) mapped.relationsCut = relationsCut
  return mapped
}
