/**
 * `gti-relay console` (and `demo --console`): the simulator and a relay as the
 * demo runs them, the relay also serving the browser console at `/console`
 * on loopback. The page gets a token minted for the simulator in the URL
 * fragment, which browsers never send to a server.
 * @module
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ConsoleOptions } from '../console/console-options.ts'
import { sampleObservables } from '../simulator/index.ts'
import type { CliContext } from './cli-context.ts'
import { CliError } from './cli-errors.ts'
import { PRINTED_TOKEN_TTL_SECONDS } from './defaults.ts'
import { type LocalStack, startLocalStack } from './local-stack.ts'
import { tokenClaims } from './mint-token.ts'
import { intFlag, parseFlags } from './parse-flags.ts'
import { alignColumns, createStyle } from './text-layout.ts'

/** Observables offered as one-click picks on the page. */
const CONSOLE_SAMPLES = 12

/** Help of `console`. */
export const CONSOLE_HELP = `Usage: gti-relay console [options]

Start a simulated ThreatINSIGHT and a relay on 127.0.0.1 (as \`demo\` does),
build the browser console and serve it from the relay at /console, then run
until Ctrl-C. Open the printed URL: it carries a token for the simulator.
The console is served only by this command, never by \`serve\` or Lambda.

Options:
  --port <n>     relay port (default 0: a free port)
  --seed <n>     dataset seed (default 1)
  --assets <dir> serve this prebuilt console (npm run build:console)
                 instead of building it now
  -h, --help     show this help`

/** Run `console`. */
export async function consoleCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags({
    args,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      assets: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    ctx.out(`${CONSOLE_HELP}\n`)
    return 0
  }
  const seed = intFlag('seed', values.seed, 1, { min: 0, max: 2 ** 31 - 1 })
  const port = intFlag('port', values.port, 0, { min: 0, max: 65_535 })
  const assetsDir = values.assets ?? (await buildAssets())
  if (!existsSync(join(assetsDir, 'index.html'))) {
    throw new CliError(
      `${assetsDir} holds no console build (index.html); run npm run build:console`,
    )
  }
  const stack = await startLocalStack({
    sim: { seed },
    relayPort: port,
    relayHost: '127.0.0.1',
    logStream: { write: (line) => ctx.err(line) },
    console: (sim): ConsoleOptions => ({
      assetsDir,
      samples: sampleObservables(sim.dataset, CONSOLE_SAMPLES),
    }),
  })
  try {
    const url = await consoleUrl(stack)
    const style = createStyle(ctx.color)
    ctx.out(
      [
        style.heading('gti-relay console'),
        ...alignColumns([
          ['simulator', stack.sim.url, style.dim(`seed ${seed}`)],
          ['relay', stack.relay.url, style.dim('loopback only; tokens from the simulator JWKS')],
        ]),
        '',
        `Open ${url}`,
        style.dim(
          `(the link carries a token valid ${PRINTED_TOKEN_TTL_SECONDS / 3600} h; response actions are on: they resolve simulated detections)`,
        ),
        style.dim('Ctrl-C to stop.'),
        '',
      ].join('\n'),
    )
    await ctx.waitForStop()
    return 0
  } finally {
    await stack.close()
  }
}

/** The page URL with a fresh token for the simulator in its fragment. */
async function consoleUrl(stack: LocalStack): Promise<string> {
  const claims = {
    ...tokenClaims(
      { aud: stack.relay.url, key: stack.sim.apiKey, ttlSeconds: PRINTED_TOKEN_TTL_SECONDS },
      Math.floor(Date.now() / 1000),
    ),
    // Writes reach only the simulator here, so the console shows what respond offers.
    GTI_ENABLE_RESPONSE_ACTIONS: true,
  }
  const token = await stack.sim.signToken(claims)
  return `${stack.relay.url}/console#token=${encodeURIComponent(token)}`
}

/** Build the page now (from a checkout, where esbuild is installed), or use `dist/console`. */
async function buildAssets(): Promise<string> {
  const { buildConsoleAssets, DEFAULT_CONSOLE_DIR } = await import(
    '../console/build-console-assets.ts'
  )
  try {
    return await buildConsoleAssets()
  } catch (error) {
    if (existsSync(join(DEFAULT_CONSOLE_DIR, 'index.html'))) return DEFAULT_CONSOLE_DIR
    const reason = error instanceof Error ? error.message : String(error)
    throw new CliError(`cannot build the console (${reason}); run npm run build:console`)
  }
}
