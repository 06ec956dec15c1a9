/**
 * Where a request goes in the relay's route table: a route, a known URL asked with the wrong
 * method, or nowhere. Both transports route through here, so they agree on every path: the query
 * (after `?`, `;` or `#`) is ignored, percent-escapes are decoded per segment, repeated and
 * trailing slashes do not count, and case does.
 * @module
 */
import { RelayError } from '../errors/relay-error.ts'
import type { RelayRoute } from './routes.ts'

/** The outcome of routing one request. */
export type RouteTarget =
  | { kind: 'route'; route: RelayRoute }
  | { kind: 'wrong method'; route: RelayRoute }
  | { kind: 'not found'; path: string }
  | { kind: 'undecodable' }

/** The route's URL for a request log line; `unknown` when no route matched. */
export function targetLabel(target: RouteTarget): string {
  return target.kind === 'route' || target.kind === 'wrong method' ? target.route.url : 'unknown'
}

/** The methods a route answers: its own, and HEAD beside GET. */
export function allowedMethods(route: RelayRoute): string {
  return route.method === 'GET' ? 'GET, HEAD' : route.method
}

/** The refusal of a path that cannot be percent-decoded. */
export function undecodablePathError(): RelayError {
  return new RelayError('not found', 'The relay has no route at this URL: it cannot be decoded.')
}

/** The error a request that reached no handler is answered with. */
export function targetError(target: Exclude<RouteTarget, { kind: 'route' }>): RelayError {
  if (target.kind === 'undecodable') return undecodablePathError()
  if (target.kind === 'wrong method') {
    const { url, method } = target.route
    return new RelayError('method not allowed', `${url} answers ${method} only.`)
  }
  const shown = target.path.length > 100 ? `${target.path.slice(0, 100)}…` : target.path
  return new RelayError('not found', `The relay has no route ${JSON.stringify(shown)}.`)
}

// `;` is part of the path, as Fastify reads it by default: `/version;x` names no route.
const QUERY_START = /[?#]/

/** The decoded, non-empty segments of a URL's path; undefined when an escape is malformed. */
function segmentsOf(path: string): string[] | undefined {
  const segments: string[] = []
  for (const raw of path.split('/')) {
    if (raw === '') continue
    try {
      segments.push(raw.includes('%') ? decodeURIComponent(raw) : raw)
    } catch {
      return undefined
    }
  }
  return segments
}

/** A lookup of `routes` by method and URL (a request target, query string included). */
export function createRouteFinder(
  routes: readonly RelayRoute[],
): (method: string, url: string) => RouteTarget {
  const byPath = new Map(routes.map((route) => [route.url, route]))
  return (method, url) => {
    const cut = url.search(QUERY_START)
    const path = cut === -1 ? url : url.slice(0, cut)
    // Nearly every request names a route exactly; only the others are normalised.
    let route = byPath.get(path)
    if (route === undefined) {
      const segments = segmentsOf(path)
      if (segments === undefined) return { kind: 'undecodable' }
      // A decoded `/` (from %2F) stays inside its segment: such a path names no route.
      if (!segments.some((segment) => segment.includes('/'))) {
        route = byPath.get(`/${segments.join('/')}`)
      }
    }
    if (route === undefined) return { kind: 'not found', path: url.split('?')[0] ?? '/' }
    const allowed = method === route.method || (route.method === 'GET' && method === 'HEAD')
    return { kind: allowed ? 'route' : 'wrong method', route }
  }
}
