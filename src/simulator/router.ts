/**
 * A small router: routes are plain records with a path pattern
 * (`/detections/v1/rules/:uuid`), trailing slashes are ignored.
 * @module
 */

/** A request as route handlers see it (the body is already read). */
export interface SimRequest {
  method: string
  path: string
  params: Record<string, string>
  query: URLSearchParams
  bodyText: string
}

/** What a handler answers: a status and a JSON-serialisable body. */
export interface SimReply {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/**
 * `api` routes need an API key and are subject to faults and latency;
 * `public` ones (the JWKS) need nothing; `admin` ones (`/_sim/`) are not
 * counted in the statistics.
 */
export type RouteKind = 'api' | 'public' | 'admin'

/** One route. `name` is what statistics and fault rules refer to. */
export interface Route {
  name: string
  method: 'GET' | 'POST' | 'PUT'
  pattern: string
  kind: RouteKind
  handle(request: SimRequest): SimReply | Promise<SimReply>
}

/** The outcome of a lookup: a route, a path known under another method, or nothing. */
export type RouteMatch =
  | { route: Route; params: Record<string, string> }
  | { methodNotAllowed: true; allowed: string[] }
  | undefined

/** Drops trailing slashes (the root stays `/`). */
export function normalisePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '')
  return trimmed === '' ? '/' : trimmed
}

/** Builds a lookup function over `routes`. */
export function createRouter(
  routes: readonly Route[],
): (method: string, path: string) => RouteMatch {
  const compiled = routes.map((route) => ({
    route,
    segments: normalisePath(route.pattern).split('/'),
  }))
  return (method, path) => {
    const segments = normalisePath(path).split('/')
    const allowed: string[] = []
    for (const { route, segments: pattern } of compiled) {
      const params = matchSegments(pattern, segments)
      if (params === undefined) continue
      if (route.method === method) return { route, params }
      allowed.push(route.method)
    }
    return allowed.length > 0 ? { methodNotAllowed: true, allowed } : undefined
  }
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string
    const actual = segments[i] as string
    if (expected.startsWith(':')) {
      if (actual === '') return undefined
      try {
        params[expected.slice(1)] = decodeURIComponent(actual)
      } catch {
        return undefined
      }
    } else if (expected !== actual) {
      return undefined
    }
  }
  return params
}
