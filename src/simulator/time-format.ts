/**
 * Timestamp formats of the upstream: events carry milliseconds, detections
 * and rules microseconds, all UTC with `Z`.
 * @module
 */
import type { Random } from './prng.ts'

/** `2022-08-22T08:09:10.243Z` */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString()
}

/** `2022-08-24T21:20:19.801089Z`: the extra digits come from `rng` so they repeat per seed. */
export function isoMicros(ms: number, rng: Random): string {
  return `${new Date(ms).toISOString().slice(0, -1)}${String(rng.int(0, 999)).padStart(3, '0')}Z`
}

/** Parses an ISO-8601 instant to epoch milliseconds, or `undefined` when it is not one. */
export function parseInstant(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    return undefined
  }
  // A time without a zone is taken as UTC, never as the simulator host's local time.
  const zoned = /T[^Z+-]*$/.test(text) ? `${text}Z` : text
  const ms = Date.parse(zoned)
  return Number.isNaN(ms) ? undefined : ms
}
