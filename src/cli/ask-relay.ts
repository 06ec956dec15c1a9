/**
 * The one way the CLI commands ask a relay and print its answer: the shared
 * flags (`--relay`, `--token`, `--simulator`, `--local`, `--json`), finding a
 * token (flag, `GTI_RELAY_TOKEN`, else minted by the simulator) or starting a
 * simulator and relay in-process, and the exit code of the answer.
 * @module
 */
import { SUPPORTED_TYPES } from '../observables/observable.ts'
import { callRelay, type RelayAnswer, type RelayPath } from './call-relay.ts'
import type { CliContext } from './cli-context.ts'
import { UsageError } from './cli-errors.ts'
import { DEFAULT_RELAY_URL, DEFAULT_SIMULATOR_URL, DEFAULT_TOKEN_TTL_SECONDS } from './defaults.ts'
import { hasFatalError } from './format-errors.ts'
import { startLocalStack } from './local-stack.ts'
import { mintTokenFromSimulator, tokenClaims } from './mint-token.ts'
import { urlFlag } from './parse-flags.ts'
import { createStyle } from './text-layout.ts'

/** The flags every relay-calling command takes, for `parseFlags`. */
export const RELAY_FLAG_OPTIONS = {
  relay: { type: 'string' },
  token: { type: 'string' },
  simulator: { type: 'string' },
  local: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

/** The observable types a lookup command takes, for help texts (from the relay's own list). */
export const TYPES_HELP = `TYPE is one of ${SUPPORTED_TYPES.join(', ')}.`

/** The help text of {@link RELAY_FLAG_OPTIONS}. */
export const RELAY_FLAGS_HELP = `Options:
  --relay <url>       relay to call (default ${DEFAULT_RELAY_URL})
  --token <jwt>       configuration token (default: env GTI_RELAY_TOKEN,
                      else one minted by the simulator)
  --simulator <url>   simulator that mints the token (default ${DEFAULT_SIMULATOR_URL})
  --local             start a simulator and a relay in this process instead
  --json              print the relay's raw JSON answer
  -h, --help          show this help

Exit codes: 0 answered, 1 fatal error, 2 usage error.`

/** The parsed relay flags. */
export interface RelayFlags {
  relay?: string | undefined
  token?: string | undefined
  simulator?: string | undefined
  local?: boolean | undefined
}

/** Call `path` on the relay the flags name (or an in-process one with `--local`). */
export async function askRelay(
  flags: RelayFlags,
  path: RelayPath,
  body: Parameters<typeof callRelay>[2],
  ctx: CliContext,
  /** Claims added to a token the CLI mints (a token passed in decides itself). */
  extraClaims?: Record<string, unknown>,
): Promise<RelayAnswer> {
  if (flags.local) {
    for (const flag of ['relay', 'token', 'simulator'] as const) {
      if (flags[flag] !== undefined) throw new UsageError(`--local cannot be used with --${flag}`)
    }
    const stack = await startLocalStack({ logStream: { write: (line) => ctx.err(line) } })
    try {
      return await callRelay(stack.relay.url, path, body, await stack.token(undefined, extraClaims))
    } finally {
      await stack.close()
    }
  }
  const relayUrl = urlFlag('relay', flags.relay ?? DEFAULT_RELAY_URL)
  const simulatorUrl = urlFlag('simulator', flags.simulator ?? DEFAULT_SIMULATOR_URL)
  const token =
    flags.token ??
    nonEmpty(ctx.env.GTI_RELAY_TOKEN) ??
    (await mintTokenFromSimulator(simulatorUrl, {
      ...tokenClaims(
        { aud: relayUrl, ttlSeconds: DEFAULT_TOKEN_TTL_SECONDS },
        Math.floor(Date.now() / 1000),
      ),
      ...extraClaims,
    }))
  return callRelay(relayUrl, path, body, token)
}

/** Print the answer (raw JSON, or the lines `format` makes) and return the exit code. */
export function printAnswer(
  answer: RelayAnswer,
  json: boolean,
  format: () => string[],
  ctx: CliContext,
): number {
  if (json) {
    ctx.out(`${JSON.stringify(answer.body, null, 2)}\n`)
  } else {
    const lines = format()
    if (answer.status !== 200) {
      lines.unshift(createStyle(ctx.color).bad(`The relay answered HTTP ${answer.status}.`))
    }
    ctx.out(`${lines.join('\n')}\n`)
  }
  return answer.status === 200 && !hasFatalError(answer.body) ? 0 : 1
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}
