/**
 * The relay's routes. Each handler authenticates first, then validates its
 * payload, then does its work; failures are thrown and mapped in one place.
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import type { TokenClaims } from '../auth/index.ts'
import { RelayError } from '../errors/relay-error.ts'
import { parseObservables } from '../observables/parse-observables.ts'
import { observeRequest } from '../observe/observe-request.ts'
import { referLinks } from '../refer/refer-links.ts'
import type { RelayDeps } from '../relay-deps.ts'
import { abortOnHangUp } from './client-gone.ts'
import { envelope } from './envelope.ts'
import { mapError } from './error-mapper.ts'
import { parseJsonBody } from './read-body.ts'
import { checkTokenFirst } from './token-first.ts'

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']

/** Routes and their one allowed method; the `supported-apis` of the module type follow this list. */
export const RELAY_ROUTES = [
  { method: 'POST', url: '/health', token: true },
  { method: 'POST', url: '/observe/observables', token: true },
  { method: 'POST', url: '/refer/observables', token: true },
  { method: 'POST', url: '/version', token: false },
  { method: 'GET', url: '/watchdog', token: false },
] as const

/** Register every route of the relay API on `app`. */
export function registerRoutes(
  app: FastifyInstance,
  deps: RelayDeps,
  verifyToken: (request: FastifyRequest) => Promise<TokenClaims>,
): void {
  const { settings, gti } = deps
  const authenticate = checkTokenFirst(
    app,
    RELAY_ROUTES.filter((route) => route.token),
    verifyToken,
  )
  const newId = deps.newId ?? randomUUID

  const handlers: Record<string, (request: FastifyRequest, reply: FastifyReply) => unknown> = {
    '/health': async (request) => {
      const claims = await authenticate(request)
      try {
        await gti.probe({ apiKey: claims.apiKey })
      } catch (error) {
        if (error instanceof RelayError && error.code === 'authorization error') throw error
        const reason = error instanceof Error ? error.message : 'unknown failure'
        throw new RelayError(
          'health check failed',
          `ThreatINSIGHT health check failed: ${reason}`,
          {
            cause: error,
          },
        )
      }
      return { data: { status: 'ok' } }
    },

    '/observe/observables': async (request, reply) => {
      const claims = await authenticate(request)
      const { observables, warnings } = parseObservables(
        parseJsonBody(request.body),
        settings.limits.maxObservables,
      )
      if (observables.length === 0) return envelope({}, warnings)
      const clientGone = abortOnHangUp(reply)
      const result = await observeRequest(
        {
          observables,
          apiKey: claims.apiKey,
          limit: claims.entitiesLimit,
          allowTestAccounts: claims.allowTestAccounts,
        },
        {
          upstream: gti,
          portalUrl: settings.gti.portalUrl,
          lookbackDays: settings.gti.eventsLookbackDays,
          concurrency: settings.limits.observeConcurrency,
          timeoutMs: settings.limits.requestTimeoutMs,
          maxAnswerBytes: settings.limits.maxAnswerBytes,
          maxRelationsPerSighting: settings.limits.maxRelationsPerSighting,
          maxDetectionCallsPerObservable: settings.limits.maxDetectionCallsPerObservable,
          maxDetectionCallsPerRequest: settings.limits.maxDetectionCallsPerRequest,
          now: () => deps.clock.now(),
          newId,
          onUnexpected: (cause, message) => request.log.error({ err: cause }, message),
        },
        clientGone,
      )
      return envelope(result.data, [...warnings, ...result.errors])
    },

    '/refer/observables': async (request) => {
      await authenticate(request)
      const { observables, warnings } = parseObservables(
        parseJsonBody(request.body),
        settings.limits.maxObservables,
      )
      return envelope(referLinks(observables, settings.gti.portalUrl), warnings)
    },

    '/version': async () => ({ version: deps.version }),

    '/watchdog': async (request) => {
      const value = request.headers['health-check']
      if (typeof value !== 'string' || value === '') {
        throw new RelayError('health check failed', 'Invalid Health Check.')
      }
      return { data: value }
    },
  }

  for (const { method, url } of RELAY_ROUTES) {
    const handler = handlers[url]
    if (handler === undefined) continue
    app.route({ method, url, handler })
    const others = METHODS.filter((m) => m !== method && !(method === 'GET' && m === 'HEAD'))
    app.route({
      method: others,
      url,
      handler: async (_request, reply) => {
        reply.header('allow', method === 'GET' ? 'GET, HEAD' : method)
        reply.code(405)
        return envelope(undefined, [
          new RelayError('method not allowed', `${url} answers ${method} only.`),
        ])
      },
    })
  }

  app.setNotFoundHandler(async (request, reply) => {
    reply.code(404)
    const path = request.url.split('?')[0] ?? '/'
    const shown = path.length > 100 ? `${path.slice(0, 100)}…` : path
    return envelope(undefined, [
      new RelayError('not found', `The relay has no route ${JSON.stringify(shown)}.`),
    ])
  })

  app.setErrorHandler(async (error, request, reply) => {
    const answer = mapError(error)
    if (answer.unexpected) request.log.error({ err: error }, 'request failed unexpectedly')
    else if (answer.status === 200)
      request.log.debug({ code: (error as RelayError).code }, 'relay error')
    reply.code(answer.status)
    return answer.body
  })
}
