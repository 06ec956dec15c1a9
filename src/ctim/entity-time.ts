/**
 * The observed time of an Entity API record: `first_seen` .. `last_seen`.
 * @module
 */
import { isCtimTime, parseIsoInstant } from './ctim-time.ts'
import type { ObservedTime } from './types.ts'

/**
 * `first_seen`..`last_seen`, either standing in for a missing other, the two
 * swapped if upstream has them backwards (CTIM wants end ≥ start). Undefined
 * when neither is a CTIM time, or one is given but is not.
 */
export function entityObservedTime(
  firstSeen: unknown,
  lastSeen: unknown,
): ObservedTime | undefined {
  const given = [firstSeen, lastSeen].filter((value) => value !== undefined && value !== null)
  if (given.length === 0 || !given.every(isCtimTime)) return undefined
  const first = (isCtimTime(firstSeen) ? firstSeen : lastSeen) as string
  const last = (isCtimTime(lastSeen) ? lastSeen : firstSeen) as string
  const firstMs = parseIsoInstant(first) ?? 0
  const lastMs = parseIsoInstant(last) ?? 0
  return firstMs <= lastMs
    ? { start_time: first, end_time: last }
    : { start_time: last, end_time: first }
}
