/**
 * Judgements and verdicts in the observe answer (deliberate.md "In observe"):
 * the deliberate docs, plus a `based-on` relationship from each judgement to
 * its rule's indicator when the answer has that indicator.
 * @module
 */
import { type DocList, indicatorId, type ObserveData, SCHEMA_VERSION } from '../ctim/index.ts'
import type { Relationship } from '../ctim/types.ts'
import { type DeliberateData, deliberateBundle } from '../deliberate/deliberate-request.ts'
import type { BasedOnRelationship, ObservableJudgements } from '../deliberate/types.ts'
import { uuidV5 } from '../deliberate/uuid-v5.ts'

/** The observe `data`: v1's keys, judgements and verdicts, both kinds of relationship. */
export type ObserveAnswerData = Omit<ObserveData, 'relationships'> &
  DeliberateData & { relationships?: DocList<Relationship | BasedOnRelationship> }

/**
 * Adds the observables' judgements and verdicts (request order) to a v1 bundle;
 * the `based-on` relationships follow the `sighting-of` ones. Sightings,
 * indicators and `sighting-of` relationships are left as they are.
 */
export function addJudgements(
  bundle: ObserveData,
  parts: readonly ObservableJudgements[],
): ObserveAnswerData {
  const indicators = new Set(bundle.indicators?.docs.map((indicator) => indicator.id) ?? [])
  const basedOn = basedOnRelationships(parts, indicators)
  const data: ObserveAnswerData = { ...bundle, ...deliberateBundle(parts) }
  if (basedOn.length > 0) {
    const docs = [...(bundle.relationships?.docs ?? []), ...basedOn]
    data.relationships = { count: docs.length, docs }
  }
  return data
}

/**
 * A `based-on` relationship from each judgement to its rule's indicator, when the answer has it.
 * Its id is a uuid v5 of the pair, so the same link has the same id in every answer (a cached
 * part and a fresh one agree, and XDR can de-duplicate).
 */
export function basedOnRelationships(
  parts: readonly ObservableJudgements[],
  indicatorIds: ReadonlySet<string>,
): BasedOnRelationship[] {
  const basedOn: BasedOnRelationship[] = []
  for (const part of parts) {
    for (const judgement of part.judgements) {
      const target = indicatorId(judgement.external_ids[0] ?? '')
      if (!indicatorIds.has(target)) continue
      basedOn.push({
        type: 'relationship',
        id: `transient:relationship-${uuidV5(`based-on\n${judgement.id}\n${target}`)}`,
        schema_version: SCHEMA_VERSION,
        relationship_type: 'based-on',
        source_ref: judgement.id,
        target_ref: target,
      })
    }
  }
  return basedOn
}
