/** How the benchmarks point a relay at the simulator and call it. */
import { relayEnvFor } from '../src/cli/relay-env-lines.ts'
import type { RunningSimulator } from '../src/simulator/index.ts'

/** The relay environment for a simulator: every API and the JWKS on it, quiet logs. */
export function relayEnv(
  sim: Pick<RunningSimulator, 'urls'>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...relayEnvFor(sim.urls),
    LOG_LEVEL: 'warn',
    ...extra,
  }
}

/** One relay answer as the benchmarks see it. */
export interface RelayAnswer {
  status: number
  ms: number
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: any
  text: string
}

/** POSTs `body` (JSON-encoded unless a string) with a bearer token and times it. */
export async function postRelay(
  relayUrl: string,
  path: string,
  token: string | undefined,
  body: unknown,
  timeoutMs = 30_000,
): Promise<RelayAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  const started = performance.now()
  const response = await fetch(`${relayUrl}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const text = await response.text()
  const ms = performance.now() - started
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: response.status, ms, body: parsed, text }
}

/** Number of sightings in an observe answer. */
export function sightingCount(answer: RelayAnswer): number {
  const count = answer.body?.data?.sightings?.count
  return typeof count === 'number' ? count : 0
}
