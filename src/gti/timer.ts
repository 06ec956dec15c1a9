/**
 * Timers as an injectable dependency, like the clock and `sleep`: the client's
 * attempt and deadline timers go through one, so tests fire them instead of waiting.
 * @module
 */

/** Call `fire` after `ms`; the returned function cancels it. */
export type StartTimer = (ms: number, fire: () => void) => () => void

/** The real timer. */
export const realTimer: StartTimer = (ms, fire) => {
  const handle = setTimeout(fire, ms)
  return () => clearTimeout(handle)
}
