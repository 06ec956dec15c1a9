/**
 * The relay's one error model. Every failure that can reach a caller is a
 * {@link RelayError}; `http/` is the only place that turns one into the envelope
 * XDR reads, and the only place that decides whether it is `fatal` or a `warning`.
 * @module
 */

/**
 * Each stable code (as it appears in `errors[].code`) and the HTTP status of an answer that is
 * this error alone. Relay errors are HTTP 200 as XDR expects; only the transport-level ones
 * (no such route or method, a body over the limit, a crash) use other statuses.
 */
export const RELAY_ERROR_STATUS = {
  'authorization error': 200,
  'invalid argument': 200,
  'health check failed': 200,
  'gateway timeout': 200,
  'too many requests': 200,
  'service unavailable': 200,
  'connection error': 200,
  'unexpected response': 200,
  'limit reached': 200,
  'events unavailable': 200,
  'not found': 404,
  'method not allowed': 405,
  'payload too large': 413,
  'permission denied': 200,
  'response actions disabled': 200,
  'internal error': 500,
} as const satisfies Record<string, number>

/** Stable error codes of the relay envelope. */
export type RelayErrorCode = keyof typeof RELAY_ERROR_STATUS

/** Options of a {@link RelayError}. */
export interface RelayErrorOptions {
  cause?: unknown
}

/** A failure with a stable code and a message safe to show a security analyst. Immutable. */
export class RelayError extends Error {
  readonly code: RelayErrorCode

  constructor(code: RelayErrorCode, message: string, options: RelayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'RelayError'
    this.code = code
  }
}

/** A configuration-token or upstream-key failure: always `Authorization failed: <reason>`. */
export class AuthorizationError extends RelayError {
  readonly reason: string

  constructor(reason: string, options: RelayErrorOptions = {}) {
    super('authorization error', `Authorization failed: ${reason}`, options)
    this.name = 'AuthorizationError'
    this.reason = reason
  }
}
