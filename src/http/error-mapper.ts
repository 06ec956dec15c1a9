/**
 * The one place where a thrown failure becomes an HTTP answer: its status comes
 * from the code's entry in `RELAY_ERROR_STATUS`, its body is the fatal envelope,
 * and a crash never shows its insides.
 * @module
 */
import { RELAY_ERROR_STATUS, RelayError } from '../errors/relay-error.ts'
import { type Envelope, errorEnvelope } from './envelope.ts'

/** Status and body of an error answer. */
export interface ErrorAnswer {
  status: number
  body: Envelope
  /** The relay error answered (the crash stand-in for anything unexpected). */
  error: RelayError
  /** True when the error is unexpected and deserves an error log line. */
  unexpected: boolean
}

/** What the mapper needs to word framework errors (unknown before settings are read). */
export interface ErrorMapperLimits {
  maxBodyBytes?: number
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const status = (error as { statusCode?: unknown }).statusCode
  return typeof status === 'number' ? status : undefined
}

/** `1048576 bytes (1 MiB)`: bytes exactly, MiB rounded for reading. */
export function describeBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024)
  const shown = Number.isInteger(mib) ? String(mib) : mib.toFixed(2).replace(/\.?0+$/, '')
  return `${bytes} bytes (${shown} MiB)`
}

// Anything thrown that is not a relay error, restated as one.
function asRelayError(error: unknown, limits: ErrorMapperLimits): RelayError | undefined {
  if (error instanceof RelayError) return error
  const status = statusOf(error)
  if (status === 413) {
    return new RelayError(
      'payload too large',
      limits.maxBodyBytes === undefined
        ? "The request body is larger than the relay's limit."
        : `The request body is larger than the relay's limit of ${describeBytes(limits.maxBodyBytes)}.`,
    )
  }
  // Framework-level complaints about the request (bad length, bad encoding...).
  if (status !== undefined && status >= 400 && status < 500) {
    return new RelayError('invalid argument', 'The request could not be read.')
  }
  return undefined
}

/** Map anything thrown while serving a request to its answer. */
export function mapError(error: unknown, limits: ErrorMapperLimits = {}): ErrorAnswer {
  const known = asRelayError(error, limits)
  const answered =
    known ??
    new RelayError(
      'internal error',
      'The relay failed unexpectedly while answering; the failure was logged.',
    )
  return {
    status: RELAY_ERROR_STATUS[answered.code],
    body: errorEnvelope(answered),
    error: answered,
    unexpected: known === undefined,
  }
}
