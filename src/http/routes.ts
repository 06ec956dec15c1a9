/**
 * The relay's routes: one table, each entry carrying its method, URL, whether
 * it needs a configuration token, and its handler. Failures are thrown and
 * mapped in one place (`error-mapper.ts`).
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import type { AnswerPart } from '../answers/index.ts'
import type { TokenClaims } from '../auth/index.ts'
import { deliberateAnswer, deliberateParts } from '../deliberate/deliberate-request.ts'
import type { ObservableJudgements } from '../deliberate/types.ts'
import { RelayError } from '../errors/relay-error.ts'
import { parseObservables } from '../observables/parse-observables.ts'
import {
  type ObservePartJson,
  observeAnswerJson,
  toPartJson,
} from '../observe/observe-answer-json.ts'
import { dedupe, observeParts } from '../observe/observe-request.ts'
import { referLinks } from '../refer/refer-links.ts'
import type { RespondAction } from '../respond/list-actions.ts'
import { respondListing, respondParts } from '../respond/respond-observables.ts'
import { triggerAction } from '../respond/trigger.ts'
import { parseTileDataRequest, parseTileId, TILE_DEFINITIONS, tileData } from '../tiles/index.ts'
import { abortOnHangUp } from './client-gone.ts'
import { type Envelope, type EnvelopeOptions, envelope } from './envelope.ts'
import { mapError } from './error-mapper.ts'
import { logUpstreamFailures } from './log-upstream-failures.ts'
import { RawJson } from './raw-json.ts'
import { parseJsonBody } from './read-body.ts'
import type { RelayDeps } from './relay-deps.ts'
import { createRouteServices, type RouteServices } from './route-services.ts'
import { checkTokenFirst } from './token-first.ts'

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']

/** What every handler gets. */
export interface RouteContext {
  request: FastifyRequest
  reply: FastifyReply
  deps: RelayDeps
  newId: () => string
  services: RouteServices
}

/** What a handler of a route with `auth: true` gets: the verified token's claims too. */
export interface AuthedRouteContext extends RouteContext {
  claims: TokenClaims
}

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

/** The answer assembled from a result and the errors beside it; upstream causes are logged. */
function answer(
  ctx: RouteContext,
  data: unknown,
  errors: readonly RelayError[],
  options?: EnvelopeOptions,
): Envelope {
  logUpstreamFailures(ctx.request.log, errors)
  return envelope(data, errors, options)
}

function observablesOf(ctx: RouteContext) {
  return parseObservables(parseJsonBody(ctx.request.body), ctx.deps.settings.limits.maxObservables)
}

async function health({ deps, claims }: AuthedRouteContext): Promise<unknown> {
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

async function observe(ctx: AuthedRouteContext): Promise<unknown> {
  const { request, deps, claims, services } = ctx
  const { settings } = deps
  const { observables, warnings } = observablesOf(ctx)
  if (observables.length === 0) return answer(ctx, {}, warnings)
  const { apiKey, entitiesLimit: limit, allowTestAccounts } = claims
  const parts = await services.answers.parts<ObservePartJson>(
    { scope: 'observe', apiKey, allowTestAccounts, variant: `limit=${limit}`, observables },
    async (missing, signal) =>
      // Parts are serialised once here; a cached one is written into later answers as it is.
      (
        await observeParts(
          { observables: missing, apiKey, limit, allowTestAccounts },
          {
            upstream: deps.gti,
            portalUrl: settings.gti.portalUrl,
            lookbackDays: settings.gti.eventsLookbackDays,
            judgementValidDays: settings.deliberate.judgementValidDays,
            maxDetections: settings.deliberate.maxDetections,
            concurrency: settings.limits.observeConcurrency,
            timeoutMs: settings.limits.requestTimeoutMs,
            maxAnswerBytes: settings.limits.maxAnswerBytes,
            maxRelationsPerSighting: settings.limits.maxRelationsPerSighting,
            maxDetectionCallsPerObservable: settings.limits.maxDetectionCallsPerObservable,
            maxDetectionCallsPerRequest: settings.limits.maxDetectionCallsPerRequest,
            now: () => deps.clock.now(),
            newId: ctx.newId,
            eventsGate: services.eventsGate,
            onUnexpected: (cause, message) => request.log.error({ err: cause }, message),
          },
          signal,
        )
      ).map((part): AnswerPart<ObservePartJson> => {
        const data = toPartJson(part)
        return data === undefined ? { errors: part.errors } : { data, errors: part.errors }
      }),
    abortOnHangUp(ctx.reply),
  )
  const data = observeAnswerJson(
    parts.flatMap((part) => (part.data === undefined ? [] : [part.data])),
  )
  const errors = dedupe(parts.flatMap((part) => part.errors))
  return answer(ctx, new RawJson(data, data.length === 2), [...warnings, ...errors])
}

async function deliberate(ctx: AuthedRouteContext): Promise<unknown> {
  const { deps, claims, services } = ctx
  const { settings } = deps
  const { observables, warnings } = observablesOf(ctx)
  if (observables.length === 0) return answer(ctx, {}, warnings)
  const { apiKey, allowTestAccounts } = claims
  const parts = await services.answers.parts<ObservableJudgements>(
    { scope: 'deliberate', apiKey, allowTestAccounts, variant: '', observables },
    (missing, signal) =>
      deliberateParts(
        { observables: missing, apiKey, allowTestAccounts },
        {
          upstream: deps.gti,
          portalUrl: settings.gti.portalUrl,
          validDays: settings.deliberate.judgementValidDays,
          maxDetections: settings.deliberate.maxDetections,
          concurrency: settings.limits.observeConcurrency,
          timeoutMs: settings.limits.requestTimeoutMs,
          now: () => deps.clock.now(),
        },
        signal,
      ),
    abortOnHangUp(ctx.reply),
  )
  const result = deliberateAnswer(parts)
  return answer(ctx, result.data, [...warnings, ...result.errors])
}

function respondDeps({ deps }: RouteContext) {
  return {
    upstream: deps.gti,
    maxDetections: deps.settings.deliberate.maxDetections,
    concurrency: deps.settings.limits.observeConcurrency,
    timeoutMs: deps.settings.limits.requestTimeoutMs,
    now: () => deps.clock.now(),
  }
}

async function respond(ctx: AuthedRouteContext): Promise<unknown> {
  const { claims, services } = ctx
  const { observables, warnings } = observablesOf(ctx)
  // Response actions off: no actions and no upstream call, so nothing to cache either.
  if (claims.enableResponseActions !== true || observables.length === 0) {
    return answer(ctx, [], warnings)
  }
  const { apiKey, allowTestAccounts } = claims
  const parts = await services.answers.parts<RespondAction[]>(
    { scope: 'respond', apiKey, allowTestAccounts, variant: 'actions=on', observables },
    (missing, signal) =>
      respondParts({ observables: missing, apiKey, allowTestAccounts }, respondDeps(ctx), signal),
    abortOnHangUp(ctx.reply),
  )
  const result = respondListing(parts)
  return answer(ctx, result.data, [...warnings, ...result.errors])
}

async function trigger(ctx: AuthedRouteContext): Promise<unknown> {
  const { request, claims } = ctx
  const result = await triggerAction(
    {
      body: () => parseJsonBody(request.body),
      apiKey: claims.apiKey,
      allowTestAccounts: claims.allowTestAccounts,
      enabled: claims.enableResponseActions === true,
    },
    { ...respondDeps(ctx), version: ctx.deps.version },
    abortOnHangUp(ctx.reply),
  )
  // The relay's only writes: one audit line each, with a hash of the value and no secret.
  request.log.info({ responseAction: result.audit }, 'response action')
  // Cached answers of the observable (every scope) now show resolved detections as active: drop them.
  if (result.changed !== undefined) await ctx.services.answers.invalidate(result.changed)
  // A trigger that resolved nothing failed as a whole; a partial one reports its failures beside it.
  const failed = result.status === 'failure' && result.audit.resolved === 0
  return answer(ctx, { status: result.status }, result.errors, { failed })
}

async function refer(ctx: AuthedRouteContext): Promise<unknown> {
  const { observables, warnings } = observablesOf(ctx)
  return answer(ctx, referLinks(observables, ctx.deps.settings.gti.portalUrl), warnings)
}

async function tileDataOf(ctx: AuthedRouteContext): Promise<unknown> {
  const { tile, period } = parseTileDataRequest(parseJsonBody(ctx.request.body))
  const { apiKey, allowTestAccounts } = ctx.claims
  const result = await tileData({ tile, period, apiKey, allowTestAccounts }, ctx.services.tiles)
  return answer(ctx, result.data, result.errors)
}

async function watchdog({ request }: RouteContext): Promise<unknown> {
  const value = request.headers['health-check']
  if (typeof value !== 'string' || value === '') {
    throw new RelayError('health check failed', 'Invalid Health Check.')
  }
  return { data: value }
}

/** Every route of the relay API; the `supported-apis` of the module type follow this table. */
export const RELAY_ROUTES: readonly RelayRoute[] = [
  { method: 'POST', url: '/health', auth: true, handle: health },
  { method: 'POST', url: '/observe/observables', auth: true, handle: observe },
  { method: 'POST', url: '/deliberate/observables', auth: true, handle: deliberate },
  { method: 'POST', url: '/refer/observables', auth: true, handle: refer },
  { method: 'POST', url: '/respond/observables', auth: true, handle: respond },
  { method: 'POST', url: '/respond/trigger', auth: true, handle: trigger },
  { method: 'POST', url: '/tiles', auth: true, handle: async () => ({ data: TILE_DEFINITIONS }) },
  {
    method: 'POST',
    url: '/tiles/tile',
    auth: true,
    handle: async ({ request }) => ({ data: parseTileId(parseJsonBody(request.body)) }),
  },
  { method: 'POST', url: '/tiles/tile-data', auth: true, handle: tileDataOf },
  {
    method: 'POST',
    url: '/version',
    auth: false,
    handle: async ({ deps }) => ({ version: deps.version }),
  },
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
