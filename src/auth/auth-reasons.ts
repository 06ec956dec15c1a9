/**
 * The reasons a configuration token is refused, as they follow `Authorization failed: ` in the
 * relay envelope. The first nine are the texts XDR users know from the hosted Python relays.
 * @module
 */

/**
 * Fixed refusal reasons. Those naming attacker input are built by {@link hostNotAllowedReason}
 * and {@link algorithmNotAllowedReason}.
 */
export const AUTH_REASONS = {
  headerMissing: 'Authorization header is missing',
  wrongType: 'Wrong authorization type',
  wrongStructure: 'Wrong JWT structure',
  jwksHostMissing:
    'jwks_host is missing in JWT payload. Make sure custom_jwks_host field is present in module_type',
  wrongJwksHost:
    'Wrong jwks_host in JWT payload. Make sure domain follows the visibility.<region>.cisco.com structure',
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
 * Attacker-controlled text made safe to quote in a reason: printable ASCII only, cut after 100
 * characters.
 */
export function quoteUntrusted(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  const printable = text.replace(/[^\x20-\x7e]/g, '?')
  return printable.length > ECHO_LIMIT ? `${printable.slice(0, ECHO_LIMIT)}...` : printable
}

/** The reason for a `jwks_host` outside the allowlist. */
export function hostNotAllowedReason(host: unknown): string {
  return `jwks_host ${quoteUntrusted(host)} is not allowed`
}

/** The reason for a token signed with anything but RS256. */
export function algorithmNotAllowedReason(alg: unknown): string {
  return `JWT algorithm ${quoteUntrusted(alg)} is not allowed, only RS256 is accepted`
}
