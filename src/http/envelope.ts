/**
 * The JSON envelope XDR reads: `{data}` on success, `{errors}` (and `data`
 * when there is some) otherwise. Whether an error is `fatal` or a `warning` is
 * decided here, once, from the answer it ends up in.
 * @module
 */
import type { RelayError, RelayErrorCode } from '../errors/relay-error.ts'
import { RawJson } from './raw-json.ts'

/** `fatal` when nothing could be answered, `warning` when it sits next to data. */
export type EnvelopeErrorType = 'fatal' | 'warning'

/** The error object of the relay envelope. */
export interface EnvelopeError {
  code: string
  message: string
  type: EnvelopeErrorType
}

/** The body of every relay answer except `/version`. */
export interface Envelope {
  data?: unknown
  errors?: EnvelopeError[]
}

// Notes about the request itself (a skipped observable, a capped list): they never mean the
// relay failed, so they stay warnings even when no data is left beside them.
const NOTICES: ReadonlySet<RelayErrorCode> = new Set([
  'invalid argument',
  'limit reached',
  'events unavailable',
])

function hasData(data: unknown): boolean {
  if (data === undefined || data === null) return false
  if (data instanceof RawJson) return !data.empty
  if (Array.isArray(data)) return data.length > 0
  if (typeof data === 'object') return Object.keys(data).length > 0
  return true
}

function typeOf(error: RelayError, answered: boolean): EnvelopeErrorType {
  // A refused key concerns the whole module instance: XDR must show it as a configuration fault.
  if (error.code === 'authorization error') return 'fatal'
  return answered || NOTICES.has(error.code) ? 'warning' : 'fatal'
}

function entry(error: RelayError, type: EnvelopeErrorType): EnvelopeError {
  return { code: error.code, message: error.message, type }
}

/** How an answer went, when its data alone cannot tell. */
export interface EnvelopeOptions {
  /**
   * The data is only a status report of work that did not happen (a response action that
   * resolved nothing): every error is then fatal, whatever data stands beside it.
   */
  failed?: boolean
}

/** A result and the errors beside it; empty data is dropped when there are errors. */
export function envelope(
  data: unknown,
  errors: readonly RelayError[] = [],
  options: EnvelopeOptions = {},
): Envelope {
  if (errors.length === 0) return { data }
  if (options.failed === true) return { data, errors: errors.map((error) => entry(error, 'fatal')) }
  const answered = hasData(data)
  const body: Envelope = {}
  if (answered) body.data = data
  body.errors = errors.map((error) => entry(error, typeOf(error, answered)))
  return body
}

/** The answer that is one thrown error and nothing else: always fatal. */
export function errorEnvelope(error: RelayError): Envelope {
  return { errors: [entry(error, 'fatal')] }
}
