/**
 * Routes of the simulator itself rather than of ThreatINSIGHT: the JWKS that
 * stands in for XDR's, and the development-only admin API under `/_sim/`.
 * @module
 */
import type { JWK } from 'jose'
import type { Dataset } from './dataset.ts'
import { EVENTS_API_MODES, type EventsApiSwitch, isEventsApiMode } from './events-api-mode.ts'
import type { FaultInjector } from './faults.ts'
import { parseFaultRules } from './faults.ts'
import { SimHttpError } from './http-error.ts'
import { intParam, jsonBody } from './request-params.ts'
import type { Route } from './router.ts'
import { sampleObservables } from './sample-observables.ts'
import type { StatsTracker } from './stats.ts'

/** What the admin routes act on. */
export interface SimRoutesContext {
  dataset: Dataset
  stats: StatsTracker
  faults: FaultInjector
  publicJwk: JWK
  signToken(claims: Record<string, unknown>): Promise<string>
  /** The Events API's up/gone mode; without it the events-api routes are absent. */
  eventsApi?: EventsApiSwitch
}

/** `GET /.well-known/jwks` and the `/_sim/` routes. */
export function simRoutes(context: SimRoutesContext): Route[] {
  return [
    ...eventsApiRoutes(context.eventsApi),
    {
      name: 'jwks',
      method: 'GET',
      pattern: '/.well-known/jwks',
      kind: 'public',
      handle: () => ({ status: 200, body: { keys: [context.publicJwk] } }),
    },
    {
      name: 'sim-stats',
      method: 'GET',
      pattern: '/_sim/stats',
      kind: 'admin',
      handle: () => ({ status: 200, body: context.stats.snapshot() }),
    },
    {
      name: 'sim-stats-reset',
      method: 'POST',
      pattern: '/_sim/stats/reset',
      kind: 'admin',
      handle: () => {
        context.stats.reset()
        return { status: 200, body: context.stats.snapshot() }
      },
    },
    {
      name: 'sim-token',
      method: 'POST',
      pattern: '/_sim/token',
      kind: 'admin',
      handle: async ({ bodyText }) => {
        const claims = bodyText.trim() === '' ? {} : jsonBody(bodyText)
        if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
          throw new SimHttpError(400, 'client.invalid_request', 'The claims must be a JSON object.')
        }
        return {
          status: 200,
          body: { token: await context.signToken(claims as Record<string, unknown>) },
        }
      },
    },
    {
      name: 'sim-observables',
      method: 'GET',
      pattern: '/_sim/observables',
      kind: 'admin',
      handle: ({ query }) => ({
        status: 200,
        body: sampleObservables(context.dataset, intParam(query, 'n', 20, { min: 0, max: 10_000 })),
      }),
    },
    {
      name: 'sim-faults',
      method: 'GET',
      pattern: '/_sim/faults',
      kind: 'admin',
      handle: () => ({ status: 200, body: context.faults.list() }),
    },
    {
      name: 'sim-faults-set',
      method: 'PUT',
      pattern: '/_sim/faults',
      kind: 'admin',
      handle: ({ bodyText }) => {
        try {
          context.faults.set(parseFaultRules(jsonBody(bodyText)))
        } catch (error) {
          if (error instanceof TypeError) {
            throw new SimHttpError(400, 'client.invalid_request', error.message)
          }
          throw error
        }
        return { status: 200, body: context.faults.list() }
      },
    },
  ]
}

/** `GET /_sim/events-api` → `{mode}`; `PUT` with `{mode}` sets it (`up`, `gone-404`, ...). */
function eventsApiRoutes(eventsApi: EventsApiSwitch | undefined): Route[] {
  if (eventsApi === undefined) return []
  return [
    {
      name: 'sim-events-api',
      method: 'GET',
      pattern: '/_sim/events-api',
      kind: 'admin',
      handle: () => ({ status: 200, body: { mode: eventsApi.get() } }),
    },
    {
      name: 'sim-events-api-set',
      method: 'PUT',
      pattern: '/_sim/events-api',
      kind: 'admin',
      handle: ({ bodyText }) => {
        const body = jsonBody(bodyText) as { mode?: unknown } | null
        const mode = body !== null && typeof body === 'object' ? body.mode : undefined
        if (!isEventsApiMode(mode)) {
          throw new SimHttpError(
            400,
            'client.invalid_request',
            `mode must be one of ${EVENTS_API_MODES.join(', ')}.`,
          )
        }
        eventsApi.set(mode)
        return { status: 200, body: { mode } }
      },
    },
  ]
}
