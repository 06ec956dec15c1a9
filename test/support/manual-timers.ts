/**
 * Timers a test fires by hand, injected where the code takes a `StartTimer`:
 * timeout tests then check behaviour without waiting on the wall clock.
 * @module
 */
import type { StartTimer } from '../../src/gti/timer.ts'

/** A set of pending timers and the means to fire them. */
export interface ManualTimers {
  start: StartTimer
  /** The delays (ms) of the timers not yet fired nor cancelled, in start order. */
  pending(): number[]
  /** Fire every pending timer of `ms` delay (all of them when `ms` is undefined); returns how many. */
  fire(ms?: number): number
}

/** New manual timers; nothing fires until {@link ManualTimers.fire}. */
export function manualTimers(): ManualTimers {
  const timers = new Set<{ ms: number; fire: () => void }>()
  return {
    start(ms, fire) {
      const timer = { ms, fire }
      timers.add(timer)
      return () => {
        timers.delete(timer)
      }
    },
    pending: () => [...timers].map((timer) => timer.ms),
    fire(ms) {
      const due = [...timers].filter((timer) => ms === undefined || timer.ms === ms)
      for (const timer of due) {
        timers.delete(timer)
        timer.fire()
      }
      return due.length
    },
  }
}
