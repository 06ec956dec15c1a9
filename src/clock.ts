/** A source of the current time, injected so tests and the relay agree on "now". */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() }
