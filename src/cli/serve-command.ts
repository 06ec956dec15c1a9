/**
 * `gti-relay serve`: the relay as `npm start` runs it, settings from the
 * environment, `--port`/`--host` on top. Stops gracefully on Ctrl-C/SIGTERM.
 * @module
 */
import { parseSettings, SettingsError } from '../config/settings.ts'
import { logListening } from '../http/log-listening.ts'
import { startRelayServer } from '../start-relay-server.ts'
import type { CliContext } from './cli-context.ts'
import { CliError } from './cli-errors.ts'
import { intFlag, parseFlags } from './parse-flags.ts'

/** Help of `serve`. */
export const SERVE_HELP = `Usage: gti-relay serve [options]

Run the relay. Settings come from the environment, as for \`npm start\`
(PORT, HOST, GTI_DETECTIONS_API_URL, GTI_EVENTS_API_URL, GTI_ENTITY_API_URL,
GTI_PORTAL_URL, JWKS_URL, LOG_LEVEL, ...); logs are JSON lines on stdout.
Ctrl-C or SIGTERM stops accepting, finishes in-flight requests, then exits.

Options:
  --port <n>     listen on this port (overrides PORT, default 9090)
  --host <addr>  listen on this address (overrides HOST, default 127.0.0.1)
  -h, --help     show this help

Example (against \`gti-relay simulate\`, using the lines it prints):
  GTI_DETECTIONS_API_URL=... JWKS_URL=... gti-relay serve --port 9090`

/** Run `serve` until stopped. */
export async function serveCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    ctx.out(`${SERVE_HELP}\n`)
    return 0
  }
  let settings: ReturnType<typeof parseSettings>
  try {
    settings = parseSettings(ctx.env)
  } catch (error) {
    if (error instanceof SettingsError) throw new CliError(error.message)
    throw error
  }
  settings = {
    ...settings,
    port: intFlag('port', values.port, settings.port, { min: 0, max: 65535 }),
    host: values.host?.trim() || settings.host,
  }
  const relay = await startRelayServer(settings)
  const log = relay.deps.logger
  logListening(log, relay.url, settings, relay.deps.version)
  const signal = await ctx.waitForStop()
  log.info({ signal }, 'stopping: finishing in-flight requests')
  // In-flight observes end by their own deadline; this only guards against a stuck close.
  const stuck = new Promise<'stuck'>((resolve) => {
    setTimeout(() => resolve('stuck'), settings.limits.requestTimeoutMs + 5000).unref()
  })
  const outcome = await Promise.race([relay.close().then(() => 'closed' as const), stuck])
  if (outcome === 'stuck') {
    log.error('in-flight requests did not finish in time')
    return 1
  }
  log.info('stopped')
  return 0
}
