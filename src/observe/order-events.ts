/**
 * Step 7 of observe.md: newest first, stable, then cut to the entities limit.
 * @module
 */
import type { KeptEvent } from '../ctim/findings.ts'

// Date.parse keeps milliseconds only: the digits after them still order two times (microsecond
// timestamps exist upstream) that would otherwise tie and keep their answer order.
const SUB_MILLISECOND = /T\d{2}:\d{2}(?::\d{2})?[.,]\d{3}(\d+)/
// A date-time without an offset: Date.parse would read it as local time, the spec says UTC.
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}T[\d:.,]+$/

interface Instant {
  ms: number
  /** The fraction of a millisecond, in [0, 1). */
  sub: number
}

function instant(timestamp: string): Instant {
  const ms = Date.parse(NO_OFFSET.test(timestamp) ? `${timestamp}Z` : timestamp)
  // Unparseable times sort last rather than poisoning the comparison.
  if (Number.isNaN(ms)) return { ms: Number.NEGATIVE_INFINITY, sub: 0 }
  const digits = SUB_MILLISECOND.exec(timestamp)?.[1]
  return { ms, sub: digits === undefined ? 0 : Number(`0.${digits}`) }
}

/** The kept events and how many the limit hid. */
export interface OrderedEvents {
  events: KeptEvent[]
  hidden: number
}

/** Sort attached-then-recent events newest first (stable) and keep `limit` of them. */
export function orderAndLimit(events: readonly KeptEvent[], limit: number): OrderedEvents {
  const keyed = events.map((kept, index) => ({ kept, index, at: instant(kept.event.timestamp) }))
  keyed.sort((a, b) => {
    if (a.at.ms !== b.at.ms) return a.at.ms > b.at.ms ? -1 : 1
    if (a.at.sub !== b.at.sub) return a.at.sub > b.at.sub ? -1 : 1
    return a.index - b.index
  })
  const sorted = keyed.map((entry) => entry.kept)
  return { events: sorted.slice(0, limit), hidden: Math.max(0, sorted.length - limit) }
}
