/**
 * The relay's one error model. Every failure that can reach a caller is a
 * {@link RelayError}; `http/error-mapper.ts` is the only place that turns one
 * into the envelope XDR reads.
 * @module
 */

/** Stable error codes, as they appear in the relay envelope (`errors[].code`). */
export type RelayErrorCode =
  | 'authorization error'
  | 'invalid argument'
  | 'health check failed'
  | 'gateway timeout'
  | 'too many requests'
  | 'service unavailable'
  | 'connection error'
  | 'unexpected response'
  | 'limit reached'
  | 'events unavailable'
  | 'not found'
  | 'method not allowed'
  | 'payload too large'
  | 'internal error'

/** `fatal` when nothing could be answered, `warning` when it sits next to data. */
export type RelayErrorType = 'fatal' | 'warning'

/** The error object of the relay envelope. */
export interface EnvelopeError {
  code: string
  message: string
  type: RelayErrorType
}

export interface RelayErrorOptions {
  cause?: unknown
  type?: RelayErrorType
}

/** A failure with a stable code and a message safe to show a security analyst. */
export class RelayError extends Error {
  readonly code: RelayErrorCode
  readonly type: RelayErrorType

  constructor(code: RelayErrorCode, message: string, options: RelayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'RelayError'
    this.code = code
    this.type = options.type ?? 'fatal'
  }

  /** The same error, downgraded or upgraded to another envelope type. */
  withType(type: RelayErrorType): RelayError {
    const copy = new RelayError(this.code, this.message, { cause: this.cause, type })
    return copy
  }

  toEnvelope(): EnvelopeError {
    return { code: this.code, message: this.message, type: this.type }
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

/** A request payload the relay refuses to act on. */
export class InvalidArgumentError extends RelayError {
  constructor(message: string, options: RelayErrorOptions = {}) {
    super('invalid argument', message, options)
    this.name = 'InvalidArgumentError'
  }
}

export function isRelayError(value: unknown): value is RelayError {
  return value instanceof RelayError
}
