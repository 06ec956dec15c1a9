/**
 * The byte budget of one observe answer. Each observable's entities are
 * charged as the observable finishes, sighting by sighting; what does not fit
 * is dropped at once, so a request holds at most the budget whatever
 * ThreatINSIGHT sends.
 * @module
 */

import { docJson } from '../ctim/doc-json.ts'
import type { MappedObservable, Relationship } from '../ctim/index.ts'

/** What one observable kept and how many sightings it lost to the budget. */
export interface FittedPart {
  part: MappedObservable
  dropped: number
}

/** Charges observables against one answer's byte budget. */
export interface AnswerBudget {
  fit(part: MappedObservable): FittedPart
}

/** A budget of `maxBytes` for the docs of one answer (commas between them included). */
export function createAnswerBudget(maxBytes: number): AnswerBudget {
  let left = maxBytes
  // Once one sighting does not fit, the answer is closed: no smaller later one slips in, so what
  // is shown is a prefix of each observable in completion order, and the cut is easy to state.
  let closed = false
  // A sighting costs the JSON of `[sighting, relationship, indicator]` (a missing one is `null`)
  // plus its comma. The JSON is made once (docJson) and the answer copies the same text; a doc
  // cannot be upstream-sized: upstream answers are capped and docs cut to CTIM limits.
  const size = (doc: object | undefined): number =>
    doc === undefined ? 4 : Buffer.byteLength(docJson(doc))
  const charge = (sighting: object, relationship?: object, indicator?: object) => {
    const bytes = 4 + size(sighting) + size(relationship) + size(indicator) + 1
    return bytes <= left ? bytes : undefined
  }
  return {
    fit(part) {
      // Per part: a part must hold every indicator its sightings point to, because a cached part
      // is later answered without the other parts of this request (the bundle de-duplicates).
      const charged = new Set<string>()
      const bySighting = new Map<string, Relationship>()
      for (const relationship of part.relationships) {
        bySighting.set(relationship.source_ref, relationship)
      }
      const indicators = new Map(part.indicators.map((indicator) => [indicator.id, indicator]))
      const kept: MappedObservable = { sightings: [], indicators: [], relationships: [] }
      if (part.relationsCut !== undefined) kept.relationsCut = part.relationsCut
      for (const sighting of part.sightings) {
        if (closed) break
        const relationship = bySighting.get(sighting.id)
        const indicator =
          relationship === undefined || charged.has(relationship.target_ref)
            ? undefined
            : indicators.get(relationship.target_ref)
        const cost = charge(sighting, relationship, indicator)
        if (cost === undefined) {
          closed = true
          break
        }
        left -= cost
        kept.sightings.push(sighting)
        if (relationship !== undefined) kept.relationships.push(relationship)
        if (indicator !== undefined) {
          charged.add(indicator.id)
          kept.indicators.push(indicator)
        }
      }
      return { part: kept, dropped: part.sightings.length - kept.sightings.length }
    },
  }
}
