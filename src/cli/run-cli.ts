/**
 * The `gti-relay` command line: picks the command, runs it and turns every
 * failure into a one-line message and an exit code (2 usage, 1 failure).
 * @module
 */
import { VERSION } from '../version.ts'
import type { CliContext, Command } from './cli-context.ts'
import { UsageError } from './cli-errors.ts'

/** Help of `gti-relay` itself. */
const MAIN_HELP = `Usage: gti-relay <command> [options]

Cisco XDR relay module for Gigamon ThreatINSIGHT, plus a simulator to try it
without an account.

Commands:
  serve                      run the relay (settings from the environment)
  simulate                   run a simulated ThreatINSIGHT on port 7443
  token                      print a development configuration token
  observe TYPE VALUE...      sightings and indicators from a relay
  refer TYPE VALUE...        portal links from a relay
  deliberate TYPE VALUE...   verdicts and judgements from a relay
  respond TYPE VALUE...      the response actions a relay offers
  trigger ACTION TYPE VALUE  run one response action (resolves detections)
  tiles                      the dashboard tiles a relay serves
  tile ID [--period P]       one tile's data as a table
  demo                       simulator + relay + sample lookups in one go
  console                    simulator + relay + the browser console
  help [command]             this help, or a command's

Run \`gti-relay <command> --help\` for its options.
Version ${VERSION}.`

// Loaded on demand: `token` and `--help` should not pay for the relay and the simulator.
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  serve: async () => (await import('./serve-command.ts')).serveCommand,
  simulate: async () => (await import('./simulate-command.ts')).simulateCommand,
  token: async () => (await import('./token-command.ts')).tokenCommand,
  observe: async () => (await import('./observe-command.ts')).observeCommand,
  refer: async () => (await import('./refer-command.ts')).referCommand,
  deliberate: async () => (await import('./deliberate-command.ts')).deliberateCommand,
  respond: async () => (await import('./respond-command.ts')).respondCommand,
  trigger: async () => (await import('./respond-command.ts')).triggerCommand,
  tiles: async () => (await import('./tiles-command.ts')).tilesCommand,
  tile: async () => (await import('./tiles-command.ts')).tileCommand,
  demo: async () => (await import('./demo-command.ts')).demoCommand,
  console: async () => (await import('./console-command.ts')).consoleCommand,
}

/** Run the command line `args` (without the node and script paths); resolves the exit code. */
export async function runCli(args: readonly string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = args
  if (name === undefined || name === '--help' || name === '-h') {
    ctx.out(`${MAIN_HELP}\n`)
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-v') {
    ctx.out(`${VERSION}\n`)
    return 0
  }
  if (name === 'help') {
    const topic = rest[0]
    if (topic === undefined) {
      ctx.out(`${MAIN_HELP}\n`)
      return 0
    }
    return runCli([topic, '--help'], ctx)
  }
  const load = COMMANDS[name]
  try {
    if (load === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}`)
    return await (await load())(rest, ctx)
  } catch (error) {
    if (error instanceof UsageError) {
      const hint = load === undefined ? 'gti-relay --help' : `gti-relay ${name} --help`
      ctx.err(`gti-relay: ${error.message}\nSee \`${hint}\`.\n`)
      return 2
    }
    // Known failures and surprises alike: one line, never a stack trace.
    const message = error instanceof Error ? error.message : String(error)
    ctx.err(`gti-relay ${name}: ${message}\n`)
    return 1
  }
}
