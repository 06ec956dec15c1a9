/**
 * An answer part as the cache stores it: plain JSON (so Redis can hold it),
 * warnings as code and message, no API key, and the invalidation token the
 * part was looked up under.
 * @module
 */
import { RelayError, type RelayErrorCode } from '../errors/relay-error.ts'
import type { AnswerPart } from './answer-part.ts'

/** A cached answer part. */
export interface StoredPart {
  /** The observable's invalidation token when the lookup started ('' for none). */
  generation: string
  data: unknown
  warnings: { code: RelayErrorCode; message: string }[]
}

/** Warnings that describe a complete answer (the rest mean something is missing). */
const KEPT_WARNINGS: ReadonlySet<RelayErrorCode> = new Set(['limit reached'])

/** A part may be cached when it has data and every error beside it is a kept warning. */
export function isCacheable(part: AnswerPart<unknown>): boolean {
  return (
    part.cacheable !== false &&
    part.data !== undefined &&
    part.errors.every((error) => KEPT_WARNINGS.has(error.code))
  )
}

/** The stored form of a cacheable part. */
export function storePart(part: AnswerPart<unknown>, generation: string): StoredPart {
  return {
    generation,
    data: part.data,
    warnings: part.errors
      .filter((error) => KEPT_WARNINGS.has(error.code))
      .map((error) => ({ code: error.code, message: error.message })),
  }
}

/** The part a stored one stands for. */
export function unstorePart(stored: StoredPart): AnswerPart<unknown> {
  return {
    data: stored.data,
    errors: stored.warnings.map((warning) => new RelayError(warning.code, warning.message)),
  }
}

/** Estimated bytes of a value: strings at two bytes a character, everything else at 8. */
function estimateBytes(value: unknown): number {
  if (typeof value === 'string') return 2 * value.length
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + estimateBytes(item), 8)
  if (value !== null && typeof value === 'object') {
    let sum = 8
    for (const [key, item] of Object.entries(value)) sum += 2 * key.length + estimateBytes(item)
    return sum
  }
  return 8
}

/** Estimated bytes of a stored part, for the in-process bound. */
export function storedPartBytes(stored: StoredPart): number {
  return estimateBytes(stored)
}
