/**
 * What a command gets from the entry point instead of touching `process`:
 * the environment, the two output streams and a way to wait for Ctrl-C.
 * @module
 */

/** The outside world of one CLI run. */
export interface CliContext {
  env: Readonly<Record<string, string | undefined>>
  /** Writes text to standard output as given (add the newlines). */
  out(text: string): void
  /** Writes text to standard error as given. */
  err(text: string): void
  /** Whether standard output takes ANSI styles (a terminal without `NO_COLOR`). */
  color: boolean
  /**
   * Resolves with the signal name on the first SIGINT or SIGTERM. Signals are
   * only caught once a command asks, so Ctrl-C still kills a short command.
   */
  waitForStop(): Promise<string>
}

/** A command: arguments after its name in, exit code out. */
export type Command = (args: string[], ctx: CliContext) => Promise<number>
