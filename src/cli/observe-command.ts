/**
 * `gti-relay observe TYPE VALUE...`: sightings and indicators for observables.
 * @module
 */

import { RELAY_FLAGS_HELP, TYPES_HELP } from './ask-relay.ts'
import type { CliContext } from './cli-context.ts'
import { formatObserveAnswer } from './format-observe.ts'
import { runLookup } from './relay-lookup.ts'

/** Help of `observe`. */
export const OBSERVE_HELP = `Usage: gti-relay observe TYPE VALUE... [options]

Ask a relay what ThreatINSIGHT saw for observables (POST /observe/observables)
and print one line per sighting (time, event type, rule, severity, target host),
then the indicators and any errors. ${TYPES_HELP}

${RELAY_FLAGS_HELP}

Examples:
  gti-relay observe ip 45.77.51.101
  gti-relay observe domain securecorp.club --json
  gti-relay observe --local md5 00d8cf1940dc5f9c8a9c6656579f37bd`

/** Run `observe`. */
export function observeCommand(args: string[], ctx: CliContext): Promise<number> {
  return runLookup(
    {
      name: 'observe',
      path: '/observe/observables',
      help: OBSERVE_HELP,
      format: (answer, requested, style) => formatObserveAnswer(answer, requested, { style }),
    },
    args,
    ctx,
  )
}
