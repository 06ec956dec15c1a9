/**
 * The two ways a command fails on purpose: wrong use (exit 2) and a failure
 * the user can act on (exit 1). Both print their message and no stack trace.
 * @module
 */

/** The command line itself is wrong; the run ends with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** The command could not do its job (unreachable service, bad file); exit code 1. */
export class CliError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'CliError'
  }
}
