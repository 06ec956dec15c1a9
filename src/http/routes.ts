/**
 * The relay's routes: one table, each entry carrying its method, URL, whether
 * it needs a configuration token, and its handler. Failures are thrown and
 * mapped in one place (`error-mapper.ts`).
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import {
  type AnswerCache,
  type AnswerPart,
  createAnswerCache,
  type StoredPart,
  storedPartBytes,
} from '../answers/index.ts'
import type { TokenClaims } from '../auth/index.ts'
import { createMemoryCache } from '../cache/index.ts'
import { bundleJson, type MappedObservableJson, partJson } from '../ctim/index.ts'
import { RelayError } from '../errors/relay-error.ts'
import { parseObservables } from '../observables/parse-observables.ts'
import { dedupe, observeParts } from '../observe/observe-request.ts'
import { referLinks } from '../refer/refer-links.ts'
import { createSharedState } from '../shared-state/index.ts'
import {
  createTilesCache,
  parseTileDataRequest,
  parseTileId,
  TILE_DEFINITIONS,
  TILES_CACHE_MAX_BYTES,
  type TilesDeps,
  tileData,
} from '../tiles/index.ts'
import { type Envelope, envelope } from './envelope.ts'
import { mapError } from './error-mapper.ts'
import { logUpstreamFailures } from './log-upstream-failures.ts'
import { RawJson } from './raw-json.ts'
import { parseJsonBody } from './read-body.ts'
import type { RelayDeps } from './relay-deps.ts'

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']

/** What every handler gets. */
export interface RouteContext {
  request: FastifyRequest
  deps: RelayDeps
  newId: () => string
  services: RouteServices
}

/** State the routes share for the life of one app, built once by {@link registerRoutes}. */
export interface RouteServices {
  tiles: TilesDeps
  /** Per-observable answers of observe (and deliberate, respond-listing), in Redis for a fleet. */
  answers: AnswerCache
}

/** A generation token is a uuid; a few hundred bytes bound its entry. */
const GENERATION_BYTES = 200

function createRouteServices(deps: RelayDeps): RouteServices {
  const { settings, clock } = deps
  const shared = deps.shared ?? createSharedState({ logger: deps.logger, now: () => clock.now() })
  const { maxEntries, maxBytes, ttlMs } = settings.answerCache
  const localParts = createMemoryCache<StoredPart>({
    maxEntries,
    maxBytes,
    sizeOf: storedPartBytes,
    clock,
  })
  const localGenerations = createMemoryCache<string>({
    maxEntries,
    maxBytes: maxEntries * GENERATION_BYTES,
    sizeOf: () => GENERATION_BYTES,
    clock,
  })
  return {
    answers: createAnswerCache({
      parts: shared.cache('answers', localParts, maxBytes),
      generations: shared.cache('answers', localGenerations, GENERATION_BYTES),
      ttlMs,
    }),
    tiles: {
      upstream: deps.gti,
      cache: shared.cache('tiles', createTilesCache(clock), TILES_CACHE_MAX_BYTES),
      portalUrl: settings.gti.portalUrl,
      maxDetections: settings.tiles.maxDetections,
      timeoutMs: settings.limits.requestTimeoutMs,
      now: () => deps.clock.now(),
    },
  }
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
function answer(ctx: RouteContext, data: unknown, errors: readonly RelayError[]): Envelope {
  logUpstreamFailures(ctx.request.log, errors)
  return envelope(data, errors)
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
  const abort = new AbortController()
  // A cached lookup may be shared by other requests, so one client leaving must not stop it.
  if (!services.answers.enabled) {
    request.raw.once('close', () => {
      if (!request.raw.complete || request.raw.destroyed) abort.abort()
    })
  }
  const { apiKey, entitiesLimit: limit, allowTestAccounts } = claims
  const parts = await services.answers.parts<MappedObservableJson>(
    { scope: 'observe', apiKey, allowTestAccounts, variant: `limit=${limit}`, observables },
    async (missing) =>
      // Parts are serialised once here; a cached one is written into later answers as it is.
      (
        await observeParts(
          { observables: missing, apiKey, limit, allowTestAccounts },
          {
            upstream: deps.gti,
            portalUrl: settings.gti.portalUrl,
            lookbackDays: settings.gti.eventsLookbackDays,
            concurrency: settings.limits.observeConcurrency,
            timeoutMs: settings.limits.requestTimeoutMs,
            now: () => deps.clock.now(),
            newId: ctx.newId,
          },
          abort.signal,
        )
      ).map(
        (part): AnswerPart<MappedObservableJson> =>
          part.data === undefined
            ? { errors: part.errors }
            : { data: partJson(part.data), errors: part.errors },
      ),
  )
  const data = bundleJson(parts.flatMap((part) => (part.data === undefined ? [] : [part.data])))
  const errors = dedupe(parts.flatMap((part) => part.errors))
  return answer(ctx, new RawJson(data, data.length === 2), [...warnings, ...errors])
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
  { method: 'POST', url: '/refer/observables', auth: true, handle: refer },
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
  authenticate: (request: FastifyRequest) => Promise<TokenClaims>,
): void {
  const newId = deps.newId ?? randomUUID
  const services = createRouteServices(deps)
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
      handler: async (request) => {
        const ctx = { request, deps, newId, services }
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
