/**
 * The observe answer as JSON bytes from per-observable parts that may come
 * from the answer cache: each part's entities serialised once, judgements and
 * verdicts kept as data, the `based-on` links made for the answer at hand.
 * @module
 */
import { bundleJson, type MappedObservableJson, partJson } from '../ctim/index.ts'
import { deliberateBundle } from '../deliberate/deliberate-request.ts'
import type { ObservableJudgements } from '../deliberate/types.ts'
import { basedOnRelationships } from './observe-judgements.ts'
import type { ObservePart } from './observe-request.ts'

/** One observable's answered data, in the form the answer cache stores (plain JSON). */
export interface ObservePartJson {
  mapped: MappedObservableJson
  judgements?: ObservableJudgements
}

/** The cacheable form of a part's data; undefined when the lookup answered nothing. */
export function toPartJson(part: ObservePart): ObservePartJson | undefined {
  if (part.data === undefined) return undefined
  const mapped = partJson(part.data)
  return part.judgements === undefined ? { mapped } : { mapped, judgements: part.judgements }
}

/** The `data` of an observe answer from its parts in request order, as UTF-8 JSON. */
export function observeAnswerJson(parts: readonly ObservePartJson[]): Buffer {
  const judged = parts.flatMap((part) => (part.judgements === undefined ? [] : [part.judgements]))
  const indicatorIds = new Set(
    parts.flatMap((part) => part.mapped.indicators.map((indicator) => indicator.id)),
  )
  const basedOn = basedOnRelationships(judged, indicatorIds)
  return bundleJson(
    parts.map((part) => part.mapped),
    {
      relationships: basedOn.map((relationship) => JSON.stringify(relationship)),
      keys: { ...deliberateBundle(judged) },
    },
  )
}
