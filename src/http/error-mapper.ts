/**
 * The one place where a failure becomes an HTTP answer. Relay errors are
 * HTTP 200 with the envelope, as XDR expects; only the transport-level
 * problems get other statuses, and a crash never shows its insides.
 * @module
 */
import { InvalidArgumentError, RelayError } from '../errors/relay-error.ts'
import { type Envelope, envelope } from './envelope.ts'

/** Status and body of an error answer. */
export interface ErrorAnswer {
  status: number
  body: Envelope
  /** True when the error is unexpected and deserves an error log line. */
  unexpected: boolean
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const status = (error as { statusCode?: unknown }).statusCode
  return typeof status === 'number' ? status : undefined
}

/** Map anything thrown while serving a request to its answer. */
export function mapError(error: unknown): ErrorAnswer {
  if (error instanceof RelayError) {
    return { status: 200, body: envelope(undefined, [error]), unexpected: false }
  }
  const status = statusOf(error)
  if (status === 413) {
    const tooLarge = new RelayError(
      'payload too large',
      'The request body is larger than the relay accepts.',
    )
    return { status: 413, body: envelope(undefined, [tooLarge]), unexpected: false }
  }
  if (status !== undefined && status >= 400 && status < 500) {
    // Framework-level complaints about the request (bad length, bad encoding...).
    const invalid = new InvalidArgumentError('The request could not be read.')
    return { status: 200, body: envelope(undefined, [invalid]), unexpected: false }
  }
  const crash = new RelayError(
    'internal error',
    'The relay failed unexpectedly while answering; the failure was logged.',
  )
  return { status: 500, body: envelope(undefined, [crash]), unexpected: true }
}
