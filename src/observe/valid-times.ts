/**
 * Observe v2 rule 5: an event or detection whose time CTIM would refuse is
 * dropped before it can reach the answer.
 * @module
 */
import { isCtimTime } from '../ctim/ctim-time.ts'
import type { Detection, GtiEvent } from '../gti/schemas.ts'

const DETECTION_TIMES = ['first_seen', 'last_seen'] as const

/** Whether an event's `timestamp` is a CTIM time. */
export function hasValidTimestamp(event: GtiEvent): boolean {
  return isCtimTime(event.timestamp)
}

/** Whether a detection's `first_seen` and `last_seen`, when given, are CTIM times. */
export function hasValidTimes(detection: Detection): boolean {
  return DETECTION_TIMES.every((key) => {
    const value = detection[key]
    return value === undefined || value === null || isCtimTime(value)
  })
}
