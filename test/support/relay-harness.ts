/**
 * A relay wired to a real simulator, both on 127.0.0.1 port 0: what the
 * integration tests talk HTTP to.
 */
import { Writable } from 'node:stream'
import { pino } from 'pino'
import type { KeyResolver } from '../../src/auth/index.ts'
import { relayEnvFor } from '../../src/cli/relay-env-lines.ts'
import type { Clock } from '../../src/clock.ts'
import { parseSettings, type Settings } from '../../src/config/settings.ts'
import {
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator/index.ts'
import { startRelayServer } from '../../src/start-relay-server.ts'

/** A running relay plus its simulator and captured log lines. */
export interface Harness {
  sim: RunningSimulator
  relayUrl: string
  settings: Settings
  logLines: string[]
  /** A valid configuration token for this relay (claims may be overridden). */
  token(claims?: Record<string, unknown>): Promise<string>
  post(
    path: string,
    body?: unknown,
    init?: { token?: string | null; headers?: Record<string, string>; raw?: string },
  ): Promise<{ status: number; body: any; text: string }>
  close(): Promise<void>
}

/** Start a simulator and a relay pointed at it. */
export async function startHarness(
  options: {
    env?: Record<string, string>
    sim?: SimulatorOptions
    keys?: KeyResolver
    /** The relay's clock (token checks, look-back window, Events API marks). */
    clock?: Clock
  } = {},
): Promise<Harness> {
  const sim = await startSimulator(options.sim ?? {})
  const settings = parseSettings({
    ...relayEnvFor(sim.urls),
    LOG_LEVEL: 'debug',
    ...options.env,
  })
  const logLines: string[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk))
      done()
    },
  })
  const logger = pino({ level: 'debug' }, sink)
  const relay = await startRelayServer(
    { ...settings, host: '127.0.0.1', port: 0 },
    {
      logger,
      ...(options.keys ? { keys: options.keys } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    },
  )
  const relayUrl = relay.url

  const token = (claims: Record<string, unknown> = {}) =>
    sim.signToken({ aud: relayUrl, key: sim.apiKey, ...claims })

  return {
    sim,
    relayUrl,
    settings,
    logLines,
    token,
    async post(path, body, init = {}) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...init.headers,
      }
      if (init.token !== null) headers.authorization = `Bearer ${init.token ?? (await token())}`
      const payload = init.raw ?? (body === undefined ? undefined : JSON.stringify(body))
      const response = await fetch(`${relayUrl}${path}`, {
        method: 'POST',
        headers,
        ...(payload === undefined ? {} : { body: payload }),
      })
      const text = await response.text()
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        parsed = undefined
      }
      return { status: response.status, body: parsed, text }
    },
    async close() {
      await relay.close()
      await options.keys?.close()
      await sim.close()
    },
  }
}
