/**
 * How many detections of an observable get their events call. An observable
 * can have thousands of detections; each call costs a round trip, so the
 * calls are capped per observable and per request, newest detections first.
 * @module
 */

/** Calls still allowed for the whole request; shared by its observables. */
export interface RequestCallBudget {
  left: number
}

/**
 * The newest (`last_seen`) detections within the caps, kept in upstream order
 * so attachment order is unchanged, and how many were passed over.
 */
export function pickDetections<T extends { detection: Readonly<Record<string, unknown>> }>(
  kept: readonly T[],
  perObservable: number,
  request: RequestCallBudget,
): { chosen: T[]; skipped: number } {
  const cap = Math.max(0, Math.min(perObservable, request.left))
  const ordered = kept
    .map((entry, index) => ({ entry, index, seen: seenMs(entry.detection.last_seen) }))
    // Newest first; ties and unreadable times keep the upstream order.
    .sort((a, b) => b.seen - a.seen || a.index - b.index)
  const chosen = ordered
    .slice(0, cap)
    .sort((a, b) => a.index - b.index)
    .map((item) => item.entry)
  request.left -= chosen.length
  return { chosen, skipped: kept.length - chosen.length }
}

function seenMs(value: unknown): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}
