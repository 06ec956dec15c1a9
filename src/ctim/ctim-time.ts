/**
 * CTIM's time rule (observe.md v2 rule 5): an ISO-8601 date-time from 1970
 * up to 2525-01-01T00:00:00Z. Anything else must not reach an answer.
 * @module
 */

// Date and time to at least the minute, optional seconds and fraction, optional offset
// (none means UTC, as the ordering of observe step 7 reads it).
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i

/** Earliest instant CTIM accepts. */
export const CTIM_TIME_MIN_MS = 0
/** Latest instant CTIM accepts: `2525-01-01T00:00:00.000Z`. */
export const CTIM_TIME_MAX_MS = Date.UTC(2525, 0, 1)

/** The instant of an ISO-8601 date-time, or undefined when it is not one (e.g. Feb 30, hour 24). */
export function parseIsoInstant(value: string): number | undefined {
  const match = ISO_DATE_TIME.exec(value)
  if (match === null) return undefined
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) =>
    Number(match[i] ?? 0),
  ) as [number, number, number, number, number, number]
  const fraction = match[7] === undefined ? 0 : Number(`0.${match[7]}`) * 1000
  const offset = match[8]
  const wall = Date.UTC(year, month - 1, day, hour, minute, second)
  const check = new Date(wall)
  // Date.UTC rolls over (Feb 30 → Mar 2); a real date comes back unchanged.
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    return undefined
  }
  let offsetMs = 0
  if (offset !== undefined && offset.toUpperCase() !== 'Z') {
    const digits = offset.replace(':', '')
    const hours = Number(digits.slice(1, 3))
    const minutes = Number(digits.slice(3, 5))
    if (hours > 23 || minutes > 59) return undefined
    offsetMs = (digits[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000
  }
  return wall + fraction - offsetMs
}

/** Whether `value` is a date-time CTIM accepts: ISO-8601 and within 1970..2525-01-01. */
export function isCtimTime(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const ms = parseIsoInstant(value)
  return ms !== undefined && ms >= CTIM_TIME_MIN_MS && ms <= CTIM_TIME_MAX_MS
}
