/**
 * `npm start`: the relay as a long-running HTTP server. Settings come from
 * the environment; SIGTERM/SIGINT stop accepting, finish in-flight requests,
 * then exit.
 */
import { parseSettings, SettingsError } from '../config/settings.ts'
import { logListening } from '../http/log-listening.ts'
import { startRelayServer } from '../start-relay-server.ts'

async function main(): Promise<void> {
  let settings: ReturnType<typeof parseSettings>
  try {
    settings = parseSettings(process.env)
  } catch (error) {
    if (error instanceof SettingsError) {
      process.stderr.write(`gti-relay: ${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
  const relay = await startRelayServer(settings)
  const log = relay.deps.logger

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'stopping: finishing in-flight requests')
    // In-flight observes end by their own deadline; this only guards against a stuck close.
    const force = setTimeout(() => process.exit(1), settings.limits.requestTimeoutMs + 5000)
    force.unref()
    await relay.close()
    log.info('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
  logListening(log, relay.url, settings, relay.deps.version)
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`gti-relay failed to start: ${message}\n`)
  process.exit(1)
})
