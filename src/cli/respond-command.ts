/**
 * `gti-relay respond TYPE VALUE...` lists the response actions offered for
 * observables; `gti-relay trigger ACTION-ID TYPE VALUE` runs one.
 * @module
 */

import { RELAY_FLAGS_HELP } from './ask-relay.ts'
import type { CliContext } from './cli-context.ts'
import { UsageError } from './cli-errors.ts'
import { formatRespondAnswer, formatTriggerAnswer } from './format-respond.ts'
import { readObservables, runLookup } from './relay-lookup.ts'

// Tokens the CLI mints from the simulator turn the actions on; a token you pass decides itself.
const RESPONSE_CLAIMS = { GTI_ENABLE_RESPONSE_ACTIONS: true }

/** Help of `respond`. */
export const RESPOND_HELP = `Usage: gti-relay respond TYPE VALUE... [options]

Ask a relay which response actions it offers for observables
(POST /respond/observables) and print one line per action: the three ways to
resolve an observable's active ThreatINSIGHT detections. Tokens the CLI mints
turn response actions on (GTI_ENABLE_RESPONSE_ACTIONS); a token you pass must.

${RELAY_FLAGS_HELP}

Examples:
  gti-relay respond ip 45.77.51.101
  gti-relay respond --local domain securecorp.club`

/** Help of `trigger`. */
export const TRIGGER_HELP = `Usage: gti-relay trigger ACTION-ID TYPE VALUE [options]

Run one response action (POST /respond/trigger): resolve the observable's active
ThreatINSIGHT detections. ACTION-ID is one of gti-resolve-true-positive-mitigated,
gti-resolve-true-positive-no-action, gti-resolve-false-positive. This WRITES to
ThreatINSIGHT; the API key needs the permission to resolve detections.

${RELAY_FLAGS_HELP}

Examples:
  gti-relay trigger gti-resolve-false-positive ip 45.77.51.101
  gti-relay trigger --local gti-resolve-true-positive-mitigated domain securecorp.club`

/** Run `respond`. */
export function respondCommand(args: string[], ctx: CliContext): Promise<number> {
  return runLookup(
    {
      name: 'respond',
      path: '/respond/observables',
      help: RESPOND_HELP,
      extraClaims: RESPONSE_CLAIMS,
      format: (answer, _requested, style) => formatRespondAnswer(answer, style),
    },
    args,
    ctx,
  )
}

/** Run `trigger`. */
export function triggerCommand(args: string[], ctx: CliContext): Promise<number> {
  return runLookup(
    {
      name: 'trigger',
      path: '/respond/trigger',
      help: TRIGGER_HELP,
      extraClaims: RESPONSE_CLAIMS,
      body: (positionals) => {
        const [actionId, ...rest] = positionals
        if (actionId === undefined || rest.length !== 2) {
          throw new UsageError(
            'trigger needs an action id, a type and one value, e.g. `trigger gti-resolve-false-positive ip 45.77.51.101`',
          )
        }
        const requested = readObservables('trigger', rest)
        const [observable] = requested
        if (observable === undefined) throw new UsageError('trigger needs one observable')
        return {
          payload: {
            'action-id': actionId,
            observable_type: observable.type,
            observable_value: observable.value,
          },
          requested,
        }
      },
      format: (answer, _requested, style) => formatTriggerAnswer(answer, style),
    },
    args,
    ctx,
  )
}
