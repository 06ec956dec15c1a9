/**
 * The relay's dispatch core: from a request to its answer, for any transport. It routes through
 * the one route table, verifies the configuration token, runs the handler, maps every failure to
 * the envelope and serialises the answer within the relay's limits. The HTTP server (Fastify,
 * `fastify-transport.ts`) calls its steps from its request lifecycle; the Lambda handler, which
 * gets each request whole, calls {@link RelayDispatch.serve}. Both answer alike byte for byte.
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import {
  createVerifiedTokenCache,
  type TokenClaims,
  verifyConfigurationToken,
} from '../auth/index.ts'
import { type AudienceSource, deriveAudience, explainAudience } from './audience.ts'
import { admitBody } from './body-rules.ts'
import type { Envelope } from './envelope.ts'
import { mapError } from './error-mapper.ts'
import { logUpstreamFailures } from './log-upstream-failures.ts'
import { serializeReply } from './raw-json.ts'
import type { RelayDeps } from './relay-deps.ts'
import type { RelayRequest } from './route-context.ts'
import { createRouteServices } from './route-services.ts'
import {
  allowedMethods,
  createRouteFinder,
  type RouteTarget,
  targetError,
  targetLabel,
} from './route-target.ts'
import { RELAY_ROUTES } from './routes.ts'
import { createSafeSerializer } from './safe-serializer.ts'

/** An answer ready to send: the transport only copies it onto its response. */
export interface RelayAnswer {
  status: number
  /** Lower-case names: `content-type`, and `allow` on a 405. */
  headers: Record<string, string>
  body: string | Buffer
  /** The route's URL for the request line, or `unknown`. */
  route: string
  /** The distinct relay error codes in the answer, for the request line. */
  errors: string[] | undefined
}

/** A request a transport has whole: what {@link RelayDispatch.serve} needs. */
export interface RelayExchange extends RelayRequest {
  /** The request target: path and query string. */
  url: string
  /** Where the token audience comes from for this request. */
  audience: AudienceSource
}

/** The steps of answering one request (see the module comment). */
export interface RelayDispatch {
  /** Where a request goes. */
  target(method: string, url: string): RouteTarget
  /**
   * The token verification a target needs (undefined when it needs none), started before the
   * body is read: a caller without a valid token never gets the relay to look at its body.
   */
  verify(
    target: RouteTarget,
    audience: AudienceSource,
    authorization: string | string[] | undefined,
  ): Promise<TokenClaims> | undefined
  /** The answer of a request whose body has been admitted; never throws. */
  answer(
    target: RouteTarget,
    request: RelayRequest,
    claims: Promise<TokenClaims> | undefined,
  ): Promise<RelayAnswer>
  /** The answer of a failure outside the handler (refused token, refused body); logged here. */
  fail(route: string, error: unknown, log: Pick<Logger, 'error' | 'debug' | 'warn'>): RelayAnswer
  /** Every step in order, for a transport that has the request whole (the Lambda handler). */
  serve(exchange: RelayExchange): Promise<RelayAnswer>
}

const JSON_TYPE = 'application/json; charset=utf-8'

function errorCodes(payload: unknown): string[] | undefined {
  const errors = (payload as Envelope | null)?.errors
  if (!Array.isArray(errors) || errors.length === 0) return undefined
  return [...new Set(errors.map((error) => error.code))]
}

/** Build the dispatch core of one app: its route services and token cache live as long as it. */
export function createRelayDispatch(deps: RelayDeps): RelayDispatch {
  const { settings } = deps
  const newId = deps.newId ?? randomUUID
  const services = createRouteServices(deps)
  const tokens = createVerifiedTokenCache({ clock: deps.clock })
  const find = createRouteFinder(RELAY_ROUTES)
  const serialize = createSafeSerializer(
    settings.limits.maxAnswerBytes,
    deps.logger,
    serializeReply,
  )

  const finish = (
    route: string,
    status: number,
    payload: unknown,
    extra?: Record<string, string>,
  ): RelayAnswer => ({
    status,
    headers:
      extra === undefined ? { 'content-type': JSON_TYPE } : { 'content-type': JSON_TYPE, ...extra },
    body: serialize(payload),
    route,
    errors: errorCodes(payload),
  })

  const fail: RelayDispatch['fail'] = (route, error, log) => {
    const mapped = mapError(error, settings.limits)
    if (mapped.unexpected) log.error({ err: error }, 'request failed unexpectedly')
    else log.debug({ code: mapped.error.code }, 'relay error')
    logUpstreamFailures(log, [error])
    return finish(route, mapped.status, mapped.body)
  }

  const verify: RelayDispatch['verify'] = (target, audience, authorization) => {
    if (target.kind !== 'route' || !target.route.auth) return undefined
    return verifyConfigurationToken(typeof authorization === 'string' ? authorization : undefined, {
      audience: deriveAudience(audience, settings.auth),
      audienceOrigin: explainAudience(audience, settings.auth),
      auth: settings.auth,
      keys: deps.keys,
      clock: deps.clock,
      cache: tokens,
    })
  }

  const answer: RelayDispatch['answer'] = async (target, request, claims) => {
    const label = targetLabel(target)
    if (target.kind !== 'route') {
      const mapped = mapError(targetError(target), settings.limits)
      const allow =
        target.kind === 'wrong method' ? { allow: allowedMethods(target.route) } : undefined
      return finish(label, mapped.status, mapped.body, allow)
    }
    try {
      const ctx = { request, deps, newId, services }
      const { route } = target
      let payload: unknown
      if (!route.auth) payload = await route.handle(ctx)
      else if (claims === undefined) throw new TypeError('unreachable: the token was not verified')
      else payload = await route.handle({ ...ctx, claims: await claims })
      return finish(label, 200, payload)
    } catch (error) {
      return fail(label, error, request.log)
    }
  }

  return {
    target: find,
    verify,
    answer,
    fail,
    async serve(exchange) {
      const target = find(exchange.method, exchange.url)
      let claims: Promise<TokenClaims> | undefined
      let body: Buffer | undefined
      try {
        claims = verify(target, exchange.audience, exchange.headers.authorization)
        await claims
        const contentType = exchange.headers['content-type']
        body = admitBody(
          exchange.method,
          typeof contentType === 'string' ? contentType : undefined,
          exchange.body,
          settings.limits.maxBodyBytes,
        )
      } catch (error) {
        return fail(targetLabel(target), error, exchange.log)
      }
      return answer(target, { ...exchange, body }, claims)
    },
  }
}
