/**
 * `gti-relay refer TYPE VALUE...`: the portal links for observables.
 * @module
 */

import { RELAY_FLAGS_HELP, TYPES_HELP } from './ask-relay.ts'
import type { CliContext } from './cli-context.ts'
import { formatReferAnswer } from './format-refer.ts'
import { runLookup } from './relay-lookup.ts'

/** Help of `refer`. */
export const REFER_HELP = `Usage: gti-relay refer TYPE VALUE... [options]

Ask a relay for the ThreatINSIGHT portal links of observables
(POST /refer/observables) and print one "title → url" line per link.
${TYPES_HELP}

${RELAY_FLAGS_HELP}

Examples:
  gti-relay refer ip 45.77.51.101 2001:db8::1
  gti-relay refer --local domain securecorp.club`

/** Run `refer`. */
export function referCommand(args: string[], ctx: CliContext): Promise<number> {
  return runLookup(
    {
      name: 'refer',
      path: '/refer/observables',
      help: REFER_HELP,
      format: (answer, _requested, style) => formatReferAnswer(answer, style),
    },
    args,
    ctx,
  )
}
