/**
 * What turns the console on: only the `console` command sets this; the
 * server entry and the Lambda handler never do, so they never serve it.
 * @module
 */

/** An observable as the page offers it for a quick pick. */
export interface ConsoleSample {
  type: string
  value: string
}

/** The console's assets and the data the command hands the page. */
export interface ConsoleOptions {
  /** A folder holding the built page (`index.html`, `console.js`, `console.css`). */
  assetsDir: string
  /** Observables worth a look, shown as one-click picks. */
  samples: readonly ConsoleSample[]
}
