/**
 * The `gti-relay` command line.
 * @module
 */
export type { CliContext, Command } from './cli-context.ts'
export { CliError, UsageError } from './cli-errors.ts'
export { formatDeliberateAnswer } from './format-deliberate.ts'
export { formatErrors, hasFatalError } from './format-errors.ts'
export { formatObserveAnswer } from './format-observe.ts'
export { formatReferAnswer } from './format-refer.ts'
export { formatRespondAnswer, formatTriggerAnswer } from './format-respond.ts'
export { MAIN_HELP, runCli } from './run-cli.ts'
