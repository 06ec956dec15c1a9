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
  newId: () => string,
): ObserveAnswerData {
  const extra = deliberateBundle(parts)
  const indicators = new Set(bundle.indicators?.docs.map((indicator) => indicator.id) ?? [])
  const basedOn: BasedOnRelationship[] = []
  for (const judgement of parts.flatMap((part) => part.judgements)) {
    const target = indicatorId(judgement.external_ids[0] ?? '')
    if (!indicators.has(target)) continue
    basedOn.push({
      type: 'relationship',
      id: `transient:relationship-${newId()}`,
      schema_version: SCHEMA_VERSION,
      relationship_type: 'based-on',
      source_ref: judgement.id,
      target_ref: target,
    })
  }
  const data: ObserveAnswerData = { ...bundle, ...extra }
  if (basedOn.length > 0) {
    const docs = [...(bundle.relationships?.docs ?? []), ...basedOn]
    data.relationships = { count: docs.length, docs }
  }
  return data
}
