/**
 * What a route handler is given, whichever transport carried the request (the HTTP server or
 * a Lambda event): the request as the relay reads it, the app's dependencies and shared
 * services, and for routes that need a configuration token, the verified token's claims.
 * @module
 */
import type { Logger } from 'pino'
import type { TokenClaims } from '../auth/index.ts'
import type { RelayDeps } from './relay-deps.ts'
import type { RouteServices } from './route-services.ts'

/** A request as the handlers read it: no framework object, so any transport can build one. */
export interface RelayRequest {
  /** Upper-case HTTP method. */
  method: string
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** The raw body; undefined when the request has none (or its method carries none). */
  body: Buffer | undefined
  /** The request's logger (its lines carry the request id). */
  log: Logger
  /** A signal aborted when the caller hangs up before its answer (made on first call). */
  clientGone(): AbortSignal
}

/** What every handler gets. */
export interface RouteContext {
  request: RelayRequest
  deps: RelayDeps
  newId: () => string
  services: RouteServices
}

/** What a handler of a route with `auth: true` gets: the verified token's claims too. */
export interface AuthedRouteContext extends RouteContext {
  claims: TokenClaims
}
