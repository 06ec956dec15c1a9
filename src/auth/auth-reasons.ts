/**
 * The reasons a configuration token is refused, as they follow `Authorization failed: ` in the
 * relay envelope. Most fixed texts are the ones XDR users know from the hosted Python relays;
 * the key-download and audience reasons say more, because those are the failures an operator
 * has to fix.
 * @module
 */

/**
 * Fixed refusal reasons. Those naming a value are built by {@link hostNotAllowedReason},
 * {@link algorithmNotAllowedReason}, {@link keysUnavailableReason} and
 * {@link wrongAudienceReason}.
 */
export const AUTH_REASONS = {
  headerMissing: 'Authorization header is missing',
  wrongType: 'Wrong authorization type',
  wrongStructure: 'Wrong JWT structure',
  jwksHostMissing:
    'jwks_host is missing in JWT payload. Make sure custom_jwks_host field is present in module_type',
  kidNotFound: 'kid from JWT header not found in API response',
  badSignature:
    'Failed to decode JWT with provided key. Make sure domain in custom_jwks_host corresponds to your SecureX instance region.',
  wrongAudience: 'Wrong configuration-token-audience',
  wrongPayload: 'Wrong JWT payload structure',
  tokenTooLarge: 'The configuration token is too large (over 16 KiB)',
  expired: 'The configuration token has expired',
  notYetValid: 'The configuration token is not valid yet (nbf is in the future)',
  keyNotSendable:
    'The ThreatINSIGHT API key in the configuration token contains characters that cannot be sent in an HTTP header',
  unexpected: 'The configuration token could not be verified',
} as const

const ECHO_LIMIT = 100

/**
 * Attacker-controlled text made safe to quote in a reason: printable ASCII only, cut after
 * `limit` characters (default 100).
 */
export function quoteUntrusted(value: unknown, limit = ECHO_LIMIT): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  const printable = text.replace(/[^\x20-\x7e]/g, '?')
  return printable.length > limit ? `${printable.slice(0, limit)}...` : printable
}

const AUDIENCE_ECHO_LIMIT = 200

// A string in double quotes; anything else (an `aud` array) as its cut JSON text.
function quoted(value: unknown): string {
  const text = quoteUntrusted(value, AUDIENCE_ECHO_LIMIT)
  return typeof value === 'string' ? JSON.stringify(text) : text
}

/** The reason for a `jwks_host` outside the allowlist. */
export function hostNotAllowedReason(host: unknown): string {
  return `jwks_host ${quoteUntrusted(host)} is not allowed`
}

/** The reason for a token signed with anything but RS256. */
export function algorithmNotAllowedReason(alg: unknown): string {
  return `JWT algorithm ${quoteUntrusted(alg)} is not allowed, only RS256 is accepted`
}

/**
 * The reason for a key set that could not be obtained from an allowlisted host. `cause` is a
 * {@link JwksFetchError} message, which never carries body content.
 */
export function keysUnavailableReason(jwksUrl: string, cause: string): string {
  return `could not fetch keys from ${quoteUntrusted(withoutCredentials(jwksUrl), AUDIENCE_ECHO_LIMIT)}: ${cause}`
}

// A development JWKS_URL could carry userinfo or a query; the reason shows neither.
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return 'the configured key set URL'
  }
}

/** How the relay came to expect the audience it checked, for {@link wrongAudienceReason}. */
export interface ExpectedAudience {
  /** The audience the token had to carry. */
  audience: string
  /** Where it came from, e.g. `from the request's Host header`. */
  derivation: string
  /** True when `RELAY_PUBLIC_URL` fixed it, so advice to set that setting would be wrong. */
  fromSetting: boolean
}

/**
 * The reason for a token issued for another URL: what the relay expected and why, and the
 * token's own `aud` quoted and cut (it is signed by the issuer, but may still be long).
 */
export function wrongAudienceReason(expected: ExpectedAudience, tokenAudience: unknown): string {
  const wanted = JSON.stringify(quoteUntrusted(expected.audience, AUDIENCE_ECHO_LIMIT))
  const got =
    tokenAudience === undefined
      ? 'the token has no aud claim'
      : `the token is for ${quoted(tokenAudience)}`
  const advice = expected.fromSetting
    ? 'register the relay in XDR under that URL or correct RELAY_PUBLIC_URL'
    : 'set RELAY_PUBLIC_URL if XDR reaches the relay under another URL'
  return `${AUTH_REASONS.wrongAudience}: the relay expected ${wanted} (${expected.derivation}) but ${got}; ${advice}`
}
