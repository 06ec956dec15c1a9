/**
 * What a route handler is given: the request and reply, the app's
 * dependencies and shared services, and for routes that need a configuration
 * token, the verified token's claims.
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { TokenClaims } from '../auth/index.ts'
import type { RelayDeps } from './relay-deps.ts'
import type { RouteServices } from './route-services.ts'

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
