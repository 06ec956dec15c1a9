/**
 * The configuration token is checked as soon as the headers are in, before
 * Fastify reads the body: a caller without a valid token never gets the
 * relay to buffer a body for it.
 * @module
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TokenClaims } from '../auth/index.ts'

/** The routes (method and url) whose handlers authenticate. */
export interface TokenRoute {
  method: string
  url: string
}

/**
 * Verify the token of every request to `routes` before its body is read, and return an
 * `authenticate` for the handlers that reuses that verification.
 */
export function checkTokenFirst(
  app: FastifyInstance,
  routes: readonly TokenRoute[],
  verify: (request: FastifyRequest) => Promise<TokenClaims>,
): (request: FastifyRequest) => Promise<TokenClaims> {
  const guarded = new Set(routes.map((route) => `${route.method} ${route.url}`))
  const verified = new WeakMap<FastifyRequest, Promise<TokenClaims>>()
  // preParsing: after every onRequest hook (the Lambda adapter sets the audience in one), before
  // the body is read. A refusal thrown here is answered by the error handler.
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (!guarded.has(`${request.method} ${request.routeOptions.url}`)) return payload
    const claims = verify(request)
    verified.set(request, claims)
    await claims
    return payload
  })
  return (request) => verified.get(request) ?? verify(request)
}
