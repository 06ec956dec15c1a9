/**
 * A clock a test moves by hand, injected where the code takes a `Clock`:
 * TTLs and ages are then checked without waiting on the wall clock.
 * @module
 */

/** A clock that reads `start` until {@link ManualClock.advance} moves it. */
export interface ManualClock {
  now(): number
  /** Moves the clock `ms` forward. */
  advance(ms: number): void
}

/** A new manual clock at `start` (epoch ms). */
export function manualClock(start = 1_000_000): ManualClock {
  let now = start
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms
    },
  }
}
