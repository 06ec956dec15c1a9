/**
 * What the observable commands (observe, refer, deliberate, respond, trigger)
 * share: reading `TYPE VALUE...`, then asking the relay and printing through
 * `ask-relay.ts`.
 * @module
 */
import { SUPPORTED_TYPES } from '../observables/observable.ts'
import { askRelay, printAnswer, RELAY_FLAG_OPTIONS } from './ask-relay.ts'
import type { RelayPath } from './call-relay.ts'
import type { CliContext } from './cli-context.ts'
import { UsageError } from './cli-errors.ts'
import type { RequestedObservable } from './format-observe.ts'
import { parseFlags } from './parse-flags.ts'
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

/** Run `observe` or `refer` with the arguments after the command name. */
export async function runLookup(
  command: LookupCommand,
  args: string[],
  ctx: CliContext,
): Promise<number> {
  const { values, positionals } = parseFlags({
    args,
    allowPositionals: true,
    options: RELAY_FLAG_OPTIONS,
  })
  if (values.help) {
    ctx.out(`${command.help}\n`)
    return 0
  }
  const { payload, requested: observables } = command.body?.(positionals) ?? {
    payload: undefined,
    requested: readObservables(command.name, positionals),
  }
  const answer = await askRelay(
    values,
    command.path,
    payload ?? observables,
    ctx,
    command.extraClaims,
  )
  return printAnswer(
    answer,
    values.json,
    () => command.format(answer.body, observables, createStyle(ctx.color)),
    ctx,
  )
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
