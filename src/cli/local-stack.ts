/**
 * A simulator and a relay in this process, the relay taking its keys from the
 * simulator (`JWKS_URL`): what `demo` and `--local` run, like the test
 * harness does.
 * @module
 */
import type { DestinationStream } from 'pino'
import { parseSettings } from '../config/settings.ts'
import type { ConsoleOptions } from '../console/console-options.ts'
import { createLogger } from '../logging/create-logger.ts'
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../simulator/index.ts'
import { type RunningRelay, startRelayServer } from '../start-relay-server.ts'
import { DEFAULT_TOKEN_TTL_SECONDS } from './defaults.ts'
import { tokenClaims } from './mint-token.ts'
import { relayEnvFor } from './relay-env-lines.ts'

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  sim?: SimulatorOptions
  /** Default 0 (a free port). */
  relayPort?: number
  /** Default `127.0.0.1`. */
  relayHost?: string
  /** Relay log level; default `error` so the logs stay out of the summaries. */
  logLevel?: string
  /** Where relay log lines go (JSON lines). */
  logStream: DestinationStream
  /** Serve the browser console from the relay, given the running simulator (the `console` command). */
  console?: (sim: RunningSimulator) => ConsoleOptions
}

/** A running simulator and relay. */
export interface LocalStack {
  sim: RunningSimulator
  relay: RunningRelay
  /** A configuration token for this relay, signed by the simulator, with `extraClaims` added. */
  token(ttlSeconds?: number, extraClaims?: Record<string, unknown>): Promise<string>
  close(): Promise<void>
}

/** Start the simulator, then a relay pointed at it. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const sim = await startSimulator({ host: '127.0.0.1', port: 0, ...options.sim })
  let relay: RunningRelay
  try {
    const settings = parseSettings(relayEnvFor(sim.urls))
    const logger = createLogger({
      level: options.logLevel ?? 'error',
      destination: options.logStream,
    })
    relay = await startRelayServer(
      { ...settings, host: options.relayHost ?? '127.0.0.1', port: options.relayPort ?? 0 },
      options.console === undefined ? { logger } : { logger, console: options.console(sim) },
    )
  } catch (error) {
    await sim.close()
    throw error
  }
  return {
    sim,
    relay,
    token: (ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS, extraClaims = {}) =>
      sim.signToken({
        ...tokenClaims(
          { aud: relay.url, key: sim.apiKey, ttlSeconds },
          Math.floor(Date.now() / 1000),
        ),
        ...extraClaims,
      }),
    close: async () => {
      await relay.close()
      await sim.close()
    },
  }
}
