/**
 * The `jwks_host` allowlist. The claim is read from a token that is not verified yet, so it is
 * checked before the relay sends anything anywhere: otherwise any caller could make the relay
 * fetch from any host (server-side request forgery).
 * @module
 */

// A bare DNS name or IPv4 address with an optional port: no scheme, userinfo, path, query or
// brackets can pass, so the URL built from it has exactly this authority.
const PLAIN_HOST = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::[0-9]{1,5})?$/

/**
 * The allowlisted form of `value` (lower case), or `undefined` when the relay must not contact
 * it. Comparison ignores case; a port matches only when that exact `host:port` is allowlisted.
 */
export function matchAllowedJwksHost(
  value: unknown,
  allowedHosts: readonly string[],
): string | undefined {
  if (typeof value !== 'string') return undefined
  const host = value.toLowerCase()
  if (!PLAIN_HOST.test(host)) return undefined
  return allowedHosts.some((allowed) => allowed.toLowerCase() === host) ? host : undefined
}

/** Where a token issuer publishes its keys. */
export function jwksUrlForHost(host: string): string {
  return `https://${host}/.well-known/jwks`
}
