/**
 * `gti-relay deliberate TYPE VALUE...`: verdicts and judgements for observables.
 * @module
 */

import { RELAY_FLAGS_HELP, TYPES_HELP } from './ask-relay.ts'
import type { CliContext } from './cli-context.ts'
import { formatDeliberateAnswer } from './format-deliberate.ts'
import { runLookup } from './relay-lookup.ts'

/** Help of `deliberate`. */
export const DELIBERATE_HELP = `Usage: gti-relay deliberate TYPE VALUE... [options]

Ask a relay for the verdicts of observables (POST /deliberate/observables) and
print one line per observable (Malicious, Suspicious, or no verdict), then the
judgements behind them and any errors. ${TYPES_HELP}

${RELAY_FLAGS_HELP}

Examples:
  gti-relay deliberate ip 45.77.51.101
  gti-relay deliberate domain securecorp.club --json
  gti-relay deliberate --local sha256 9ffc7e4333d3be11b244d5f83b02ebcd194a671539f7faf1b5597d9209cc25c3`

/** Run `deliberate`. */
export function deliberateCommand(args: string[], ctx: CliContext): Promise<number> {
  return runLookup(
    {
      name: 'deliberate',
      path: '/deliberate/observables',
      help: DELIBERATE_HELP,
      format: (answer, requested, style) => formatDeliberateAnswer(answer, requested, style),
    },
    args,
    ctx,
  )
}
