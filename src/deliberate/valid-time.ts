/**
 * The bounded `valid_time` of a judgement (deliberate.md): from the earliest
 * sighting of the rule's detections to the latest plus the valid days.
 * @module
 */
import type { Detection } from '../gti/schemas.ts'
import type { BoundedValidTime } from './types.ts'

const DAY_MS = 24 * 60 * 60 * 1000
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/
const MIN_MS = Date.parse('1970-01-01T00:00:00.000Z')
/** CTIM's conventional "no end": nothing it accepts is later. */
export const CTIM_END_MS = Date.parse('2525-01-01T00:00:00.000Z')

/** Epoch ms of an ISO-8601 instant CTIM accepts (1970 to 2525), else `undefined`. */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return undefined
  const ms = Date.parse(value)
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= CTIM_END_MS ? ms : undefined
}

function firstOf(detection: Detection, fields: readonly string[]): number | undefined {
  for (const field of fields) {
    const ms = parseInstant(detection[field])
    if (ms !== undefined) return ms
  }
  return undefined
}

/**
 * `start_time` the earliest `first_seen` (else `created`), `end_time` the latest
 * `last_seen` (else `updated`, else `created`) plus `validDays`, capped at 2525.
 * A detection without any usable time is active now, so it counts as seen at `nowMs`.
 */
export function judgementValidTime(
  detections: readonly Detection[],
  validDays: number,
  nowMs: number,
): BoundedValidTime {
  let start = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const detection of detections) {
    const first = firstOf(detection, ['first_seen', 'created'])
    const seen = firstOf(detection, ['last_seen', 'updated', 'created'])
    start = Math.min(start, first ?? seen ?? nowMs)
    last = Math.max(last, seen ?? first ?? nowMs)
  }
  if (!Number.isFinite(start)) start = nowMs
  if (!Number.isFinite(last)) last = nowMs
  const end = Math.min(CTIM_END_MS, last + validDays * DAY_MS)
  return {
    start_time: new Date(Math.min(start, end)).toISOString(),
    end_time: new Date(end).toISOString(),
  }
}
