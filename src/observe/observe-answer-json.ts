/**
 * The observe answer as JSON bytes from per-observable parts that may come
 * from the answer cache: each part's entities serialised once, judgements and
 * verdicts kept as data, the `based-on` links made for the answer at hand.
 * @module
 */
import { bundleJson, type MappedObservableJson, partJson } from '../ctim/index.ts'
import { deliberateBundle } from '../deliberate/deliberate-request.ts'
import type { ObservableJudgements } from '../deliberate/types.ts'
import { RelayError } from '../errors/relay-error.ts'
import type { Observable } from '../observables/observable.ts'
import { quoteValue } from '../observables/quote-value.ts'
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

// Parts are never changed once made, and a cached part is the same object each time it is read
// from the in-process cache: a one-observable answer made of the same part is the same bytes, so
// XDR asking again what it just asked gets a copy, not a new assembly. Only one-part answers are
// kept: each pins one answer-sized buffer to its part, so memory follows the answer cache's own
// bound; a memo keyed on the first of several parts would pin the others and a whole answer.
const madeFrom = new WeakMap<ObservePartJson, Buffer>()

/** The `data` of an observe answer from its parts in request order, as UTF-8 JSON. */
export function observeAnswerJson(parts: readonly ObservePartJson[]): Buffer {
  const only = parts.length === 1 ? parts[0] : undefined
  if (only === undefined) return assembleAnswerJson(parts)
  let json = madeFrom.get(only)
  if (json === undefined) {
    json = assembleAnswerJson(parts)
    madeFrom.set(only, json)
  }
  return json
}

function assembleAnswerJson(parts: readonly ObservePartJson[]): Buffer {
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

const sizeOf = new WeakMap<ObservePartJson, number>()

/** The UTF-8 bytes a part adds to an answer (its docs; separators and keys aside). */
function partBytes(part: ObservePartJson): number {
  let bytes = sizeOf.get(part)
  if (bytes === undefined) {
    bytes = measurePart(part)
    sizeOf.set(part, bytes)
  }
  return bytes
}

function measurePart(part: ObservePartJson): number {
  const { mapped } = part
  let bytes = Buffer.byteLength(mapped.sightings) + Buffer.byteLength(mapped.relationships)
  for (const indicator of mapped.indicators) bytes += Buffer.byteLength(indicator.json)
  if (part.judgements !== undefined) bytes += Buffer.byteLength(JSON.stringify(part.judgements))
  return bytes
}

/**
 * The parts that fit in one answer of `maxBytes`, in request order. Each lookup keeps its own
 * answer under the bound, but cached parts and fresh ones meet only here: a part that no longer
 * fits is left out with a `limit reached` warning naming its observable, so the answer is never
 * replaced by an error for being too large.
 */
export function fitAnswer(
  observables: readonly Observable[],
  parts: readonly (ObservePartJson | undefined)[],
  maxBytes: number,
): { kept: ObservePartJson[]; warnings: RelayError[] } {
  // Room for the envelope and the errors, as the lookup's own budget keeps.
  let left = maxBytes - Math.min(1024 * 1024, Math.floor(maxBytes / 4))
  const kept: ObservePartJson[] = []
  const warnings: RelayError[] = []
  parts.forEach((part, index) => {
    if (part === undefined) return
    const bytes = partBytes(part)
    if (bytes <= left) {
      left -= bytes
      kept.push(part)
      return
    }
    const observable = observables[index]
    const label =
      observable === undefined
        ? 'an observable'
        : `${observable.type} ${quoteValue(observable.value)}`
    warnings.push(
      new RelayError(
        'limit reached',
        `${label}: its sightings were left out because the answer reached MAX_ANSWER_BYTES (${maxBytes} bytes).`,
      ),
    )
  })
  return { kept, warnings }
}
