/**
 * The relay's routes: one table, each entry carrying its method, URL, whether
 * it needs a configuration token, and its handler (in `handlers/`, one file
 * per concern). Failures are thrown and mapped in one place (`error-mapper.ts`).
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import type { TokenClaims } from '../auth/index.ts'
import { RelayError } from '../errors/relay-error.ts'
import { mapError } from './error-mapper.ts'
import { deliberate } from './handlers/deliberate.ts'
import { health, version, watchdog } from './handlers/health.ts'
import { observe } from './handlers/observe.ts'
import { refer } from './handlers/refer.ts'
import { respond, trigger } from './handlers/respond.ts'
import { tile, tileDataOf, tiles } from './handlers/tiles.ts'
import { logUpstreamFailures } from './log-upstream-failures.ts'
import type { RelayDeps } from './relay-deps.ts'
import type { AuthedRouteContext, RouteContext } from './route-context.ts'
import { createRouteServices } from './route-services.ts'
import { checkTokenFirst } from './token-first.ts'

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']

/** One route of the relay API and its one allowed method (GET also answers HEAD). */
export type RelayRoute =
  | {
      method: 'GET' | 'POST' | 'PUT' | 'DELETE'
      url: string
      auth: true
      handle(ctx: AuthedRouteContext): Promise<unknown>
    }
  | {
      method: 'GET' | 'POST' | 'PUT' | 'DELETE'
      url: string
      auth: false
      handle(ctx: RouteContext): Promise<unknown>
    }

/** Every route of the relay API; the `supported-apis` of the module type follow this table. */
export const RELAY_ROUTES: readonly RelayRoute[] = [
  { method: 'POST', url: '/health', auth: true, handle: health },
  { method: 'POST', url: '/observe/observables', auth: true, handle: observe },
  { method: 'POST', url: '/deliberate/observables', auth: true, handle: deliberate },
  { method: 'POST', url: '/refer/observables', auth: true, handle: refer },
  { method: 'POST', url: '/respond/observables', auth: true, handle: respond },
  { method: 'POST', url: '/respond/trigger', auth: true, handle: trigger },
  { method: 'POST', url: '/tiles', auth: true, handle: tiles },
  { method: 'POST', url: '/tiles/tile', auth: true, handle: tile },
  { method: 'POST', url: '/tiles/tile-data', auth: true, handle: tileDataOf },
  { method: 'POST', url: '/version', auth: false, handle: version },
  { method: 'GET', url: '/watchdog', auth: false, handle: watchdog },
]

/** Register every route of {@link RELAY_ROUTES} on `app`, with 405, 404 and error answers. */
export function registerRoutes(
  app: FastifyInstance,
  deps: RelayDeps,
  verifyToken: (request: FastifyRequest) => Promise<TokenClaims>,
): void {
  const newId = deps.newId ?? randomUUID
  const services = createRouteServices(deps)
  // The token is verified before the body is read; handlers reuse that verification.
  const authenticate = checkTokenFirst(
    app,
    RELAY_ROUTES.filter((route) => route.auth),
    verifyToken,
  )
  const sendError = (reply: FastifyReply, error: unknown) => {
    const mapped = mapError(error, deps.settings.limits)
    reply.code(mapped.status)
    return mapped
  }

  for (const route of RELAY_ROUTES) {
    const { method, url } = route
    app.route({
      method,
      url,
      handler: async (request, reply) => {
        const ctx = { request, reply, deps, newId, services }
        if (!route.auth) return route.handle(ctx)
        return route.handle({ ...ctx, claims: await authenticate(request) })
      },
    })
    const others = METHODS.filter((m) => m !== method && !(method === 'GET' && m === 'HEAD'))
    app.route({
      method: others,
      url,
      handler: async (_request, reply) => {
        reply.header('allow', method === 'GET' ? 'GET, HEAD' : method)
        return sendError(
          reply,
          new RelayError('method not allowed', `${url} answers ${method} only.`),
        ).body
      },
    })
  }

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    const shown = path.length > 100 ? `${path.slice(0, 100)}…` : path
    return sendError(
      reply,
      new RelayError('not found', `The relay has no route ${JSON.stringify(shown)}.`),
    ).body
  })

  app.setErrorHandler(async (error, request, reply) => {
    const mapped = sendError(reply, error)
    if (mapped.unexpected) request.log.error({ err: error }, 'request failed unexpectedly')
    else request.log.debug({ code: mapped.error.code }, 'relay error')
    logUpstreamFailures(request.log, [error])
    return mapped.body
  })
}
