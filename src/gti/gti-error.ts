/**
 * The one error class of the ThreatINSIGHT client. Every failed call ends as a
 * {@link GtiError}; its `kind` says what went wrong, its relay `code` follows
 * from the kind.
 * @module
 */
import type { RelayErrorCode } from '../errors/relay-error.ts'
import { RelayError } from '../errors/relay-error.ts'

/** What went wrong with a ThreatINSIGHT call. */
export type GtiErrorKind =
  | 'authentication'
  | 'rate-limit'
  | 'server'
  | 'client'
  | 'timeout'
  | 'network'
  | 'tls'
  | 'malformed'
  | 'aborted'

/**
 * The relay code of each kind. An aborted call means the relay request gave up
 * (its deadline or its client), which the relay reports as a timeout.
 */
export const GTI_ERROR_CODES: Readonly<Record<GtiErrorKind, RelayErrorCode>> = {
  authentication: 'authorization error',
  'rate-limit': 'too many requests',
  server: 'service unavailable',
  client: 'unexpected response',
  timeout: 'gateway timeout',
  network: 'connection error',
  tls: 'connection error',
  malformed: 'unexpected response',
  aborted: 'gateway timeout',
}

/** Everything a {@link GtiError} carries besides its message. */
export interface GtiErrorDetails {
  kind: GtiErrorKind
  method: string
  /** The full upstream URL; it never holds the API key. */
  url: string
  /** The HTTP status, when ThreatINSIGHT answered one. */
  status?: number | undefined
  /** Requests sent before giving up (0 when none could be sent). */
  attempts: number
  cause?: unknown
}

/** A failed ThreatINSIGHT call. The message names the method and URL, never the API key. */
export class GtiError extends RelayError {
  readonly kind: GtiErrorKind
  readonly method: string
  readonly url: string
  readonly status: number | undefined
  readonly attempts: number

  constructor(message: string, details: GtiErrorDetails) {
    super(GTI_ERROR_CODES[details.kind], message, { cause: details.cause })
    this.name = 'GtiError'
    this.kind = details.kind
    this.method = details.method
    this.url = details.url
    this.status = details.status
    this.attempts = details.attempts
  }
}

/** True for a {@link GtiError}. */
export function isGtiError(value: unknown): value is GtiError {
  return value instanceof GtiError
}
