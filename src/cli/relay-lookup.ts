/**
 * What `observe` and `refer` share: reading `TYPE VALUE...`, finding a relay
 * and a token (or starting both in-process with `--local`), calling it and
 * printing the answer.
 * @module
 */
import { SUPPORTED_TYPES } from '../observables/observable.ts'
import { callRelay, type RelayAnswer, type RelayPath } from './call-relay.ts'
import type { CliContext } from './cli-context.ts'
import { UsageError } from './cli-errors.ts'
import { DEFAULT_RELAY_URL, DEFAULT_SIMULATOR_URL, DEFAULT_TOKEN_TTL_SECONDS } from './defaults.ts'
import { hasFatalError } from './format-errors.ts'
import type { RequestedObservable } from './format-observe.ts'
import { startLocalStack } from './local-stack.ts'
import { mintTokenFromSimulator, tokenClaims } from './mint-token.ts'
import { parseFlags, urlFlag } from './parse-flags.ts'
import { createStyle, type Style } from './text-layout.ts'

/** How one lookup command differs from the other. */
export interface LookupCommand {
  name: 'observe' | 'refer' | 'deliberate' | 'respond' | 'trigger'
  path: RelayPath
  help: string
  format(answer: unknown, requested: readonly RequestedObservable[], style: Style): string[]
  /** Claims added to the tokens the CLI mints (the response actions need theirs on). */
  extraClaims?: Record<string, unknown>
  /** The request body from the positionals; default `TYPE VALUE...` as a list of observables. */
  body?(positionals: string[]): {
    payload: Readonly<Record<string, string>>
    requested: RequestedObservable[]
  }
}

/** The flags both lookup commands take, for their help texts. */
export const LOOKUP_FLAGS_HELP = `Options:
  --relay <url>       relay to call (default ${DEFAULT_RELAY_URL})
  --token <jwt>       configuration token (default: env GTI_RELAY_TOKEN,
                      else one minted by the simulator)
  --simulator <url>   simulator that mints the token (default ${DEFAULT_SIMULATOR_URL})
  --local             start a simulator and a relay in this process instead
  --json              print the relay's raw JSON answer
  -h, --help          show this help

Exit codes: 0 answered, 1 fatal error, 2 usage error.`

/** Run `observe` or `refer` with the arguments after the command name. */
export async function runLookup(
  command: LookupCommand,
  args: string[],
  ctx: CliContext,
): Promise<number> {
  const { values, positionals } = parseFlags({
    args,
    allowPositionals: true,
    options: {
      relay: { type: 'string' },
      token: { type: 'string' },
      simulator: { type: 'string' },
      local: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    ctx.out(`${command.help}\n`)
    return 0
  }
  const { payload, requested: observables } = command.body?.(positionals) ?? {
    payload: undefined,
    requested: readObservables(command.name, positionals),
  }
  const body = payload ?? observables
  if (values.local) {
    for (const flag of ['relay', 'token', 'simulator'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--local cannot be used with --${flag}`)
    }
  }

  let answer: RelayAnswer
  if (values.local) {
    const stack = await startLocalStack({ logStream: { write: (line) => ctx.err(line) } })
    try {
      const token = await stack.token(undefined, command.extraClaims)
      answer = await callRelay(stack.relay.url, command.path, body, token)
    } finally {
      await stack.close()
    }
  } else {
    const relayUrl = urlFlag('relay', values.relay ?? DEFAULT_RELAY_URL)
    const simulatorUrl = urlFlag('simulator', values.simulator ?? DEFAULT_SIMULATOR_URL)
    const token =
      values.token ??
      nonEmpty(ctx.env.GTI_RELAY_TOKEN) ??
      (await mintTokenFromSimulator(simulatorUrl, {
        ...tokenClaims(
          { aud: relayUrl, ttlSeconds: DEFAULT_TOKEN_TTL_SECONDS },
          Math.floor(Date.now() / 1000),
        ),
        ...command.extraClaims,
      }))
    answer = await callRelay(relayUrl, command.path, body, token)
  }

  if (values.json) {
    ctx.out(`${JSON.stringify(answer.body, null, 2)}\n`)
  } else {
    const style = createStyle(ctx.color)
    const lines = command.format(answer.body, observables, style)
    if (answer.status !== 200) lines.unshift(style.bad(`The relay answered HTTP ${answer.status}.`))
    ctx.out(`${lines.join('\n')}\n`)
  }
  return answer.status === 200 && !hasFatalError(answer.body) ? 0 : 1
}

/** `TYPE VALUE...` as observables; a usage error names what is wrong. */
export function readObservables(name: string, positionals: string[]): RequestedObservable[] {
  const [type, ...values] = positionals
  if (type === undefined || values.length === 0) {
    throw new UsageError(
      `${name} needs a type and at least one value, e.g. \`${name} ip 45.77.51.101\``,
    )
  }
  if (!(SUPPORTED_TYPES as readonly string[]).includes(type)) {
    throw new UsageError(
      `unknown observable type ${JSON.stringify(type)}; use one of ${SUPPORTED_TYPES.join(', ')}`,
    )
  }
  const empty = values.find((value) => value.trim() === '')
  if (empty !== undefined) throw new UsageError('observable values must not be empty')
  return values.map((value) => ({ type, value }))
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}
