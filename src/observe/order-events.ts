/**
 * Step 7 of observe.md: newest first, stable, then cut to the entities limit.
 * @module
 */
import type { KeptEvent } from './types.ts'

function instant(timestamp: string): number {
  const ms = Date.parse(timestamp)
  // Unparseable times sort last rather than poisoning the comparison.
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}

/** The kept events and how many the limit hid. */
export interface OrderedEvents {
  events: KeptEvent[]
  hidden: number
}

/** Sort attached-then-recent events newest first (stable) and keep `limit` of them. */
export function orderAndLimit(events: readonly KeptEvent[], limit: number): OrderedEvents {
  const keyed = events.map((kept, index) => ({ kept, index, at: instant(kept.event.timestamp) }))
  keyed.sort((a, b) => (a.at === b.at ? a.index - b.index : a.at > b.at ? -1 : 1))
  const sorted = keyed.map((entry) => entry.kept)
  return { events: sorted.slice(0, limit), hidden: Math.max(0, sorted.length - limit) }
}
