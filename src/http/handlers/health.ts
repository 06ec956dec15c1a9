/**
 * The relay's liveness routes: `/health` (the key reaches ThreatINSIGHT),
 * `/watchdog` (the process answers) and `/version`.
 * @module
 */
import { RelayError } from '../../errors/relay-error.ts'
import type { AuthedRouteContext, RouteContext } from '../route-context.ts'

/** `POST /health`: one cheap ThreatINSIGHT call with the token's key. */
export async function health({ deps, claims }: AuthedRouteContext): Promise<unknown> {
  try {
    await deps.gti.probe({ apiKey: claims.apiKey })
  } catch (error) {
    if (error instanceof RelayError && error.code === 'authorization error') throw error
    const reason = error instanceof Error ? error.message : 'unknown failure'
    throw new RelayError('health check failed', `ThreatINSIGHT health check failed: ${reason}`, {
      cause: error,
    })
  }
  return { data: { status: 'ok' } }
}

/** `GET /watchdog`: the `Health-Check` header echoed back. */
export async function watchdog({ request }: RouteContext): Promise<unknown> {
  const value = request.headers['health-check']
  if (typeof value !== 'string' || value === '') {
    throw new RelayError('health check failed', 'Invalid Health Check.')
  }
  return { data: value }
}

/** `POST /version`: the relay's version, no token needed. */
export async function version({ deps }: RouteContext): Promise<unknown> {
  return { version: deps.version }
}
