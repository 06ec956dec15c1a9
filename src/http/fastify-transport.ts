/**
 * The HTTP server's transport: Fastify reads requests and bodies (with the relay's body limit
 * and a raw-body parser) and the dispatch core answers them. Every relay URL goes to one
 * catch-all route, so routing, 404 and 405 come from the core's route table as on Lambda; the
 * token is verified in `preParsing`, after the headers and before the body is read.
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import type { TokenClaims } from '../auth/index.ts'
import { abortOnHangUp } from './client-gone.ts'
import type { RelayAnswer, RelayDispatch } from './dispatch.ts'
import type { RelayRequest } from './route-context.ts'
import { type RouteTarget, targetLabel } from './route-target.ts'

/** The catch-all route's URL pattern. */
const EVERY_URL = '*'

// Per-request state lives in request decorations: cheaper than WeakMaps on every request.
declare module 'fastify' {
  interface FastifyRequest {
    /** Where the request goes; set once the route is known. */
    relayTarget: RouteTarget | null
    /** The token verification started before the body was read. */
    relayClaims: Promise<TokenClaims> | null
    /** The answer sent, for the request line (route and error codes). */
    relayAnswer: RelayAnswer | null
  }
}

function relayRequest(request: FastifyRequest, reply: FastifyReply): RelayRequest {
  let signal: AbortSignal | undefined
  return {
    method: request.method,
    headers: request.headers,
    body: Buffer.isBuffer(request.body) ? request.body : undefined,
    log: request.log as Logger,
    clientGone: () => {
      signal ??= abortOnHangUp(reply)
      return signal
    },
  }
}

function isEncrypted(request: FastifyRequest): boolean {
  return (request.raw.socket as { encrypted?: boolean } | undefined)?.encrypted === true
}

/** Copy an answer onto the reply; the returned body is sent as it is (no serializer). */
function send(reply: FastifyReply, answer: RelayAnswer): string | Buffer {
  reply.code(answer.status).headers(answer.headers)
  return answer.body
}

/**
 * Serve the relay API on `app` through `dispatch`; each answer is left on `request.relayAnswer`
 * for the request line. Errors thrown anywhere in the lifecycle (a refused token, a body over
 * the limit, a console route's refusal) are answered by the core too.
 */
export function serveRelayRoutes(app: FastifyInstance, dispatch: RelayDispatch): void {
  app.decorateRequest('relayTarget', null)
  app.decorateRequest('relayClaims', null)
  app.decorateRequest('relayAnswer', null)
  const targetOf = (request: FastifyRequest): RouteTarget => {
    request.relayTarget ??= dispatch.target(request.method, request.url)
    return request.relayTarget
  }

  // preParsing: after every onRequest hook, before the body is read. A refusal thrown here is
  // answered by the error handler below.
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (request.routeOptions.url !== EVERY_URL) return payload
    const audience = { headers: request.headers, encrypted: isEncrypted(request) }
    const claims = dispatch.verify(targetOf(request), audience, request.headers.authorization)
    if (claims !== undefined) {
      request.relayClaims = claims
      await claims
    }
    return payload
  })

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = await dispatch.answer(
      targetOf(request),
      relayRequest(request, reply),
      request.relayClaims ?? undefined,
    )
    request.relayAnswer = answer
    return send(reply, answer)
  }
  app.all(EVERY_URL, serve)
  // Methods Fastify does not route (PROPFIND...) end here; the core answers them like any other.
  app.setNotFoundHandler(serve)

  app.setErrorHandler(async (error, request, reply) => {
    const target = request.relayTarget
    const route = target === null ? (request.routeOptions.url ?? 'unknown') : targetLabel(target)
    const answer = dispatch.fail(route, error, request.log as Logger)
    request.relayAnswer = answer
    return send(reply, answer)
  })
}
