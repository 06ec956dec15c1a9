/**
 * The JSON envelope XDR reads: `{data}` on success, `{errors}` (and `data`
 * when there is some) otherwise.
 * @module
 */
import type { EnvelopeError, RelayError } from '../errors/relay-error.ts'

/** The body of every relay answer except `/version`. */
export interface Envelope {
  data?: unknown
  errors?: EnvelopeError[]
}

function hasData(data: unknown): boolean {
  if (data === undefined || data === null) return false
  if (Array.isArray(data)) return data.length > 0
  if (typeof data === 'object') return Object.keys(data).length > 0
  return true
}

/** Data and errors together; empty data is dropped when there are errors. */
export function envelope(data: unknown, errors: readonly RelayError[] = []): Envelope {
  if (errors.length === 0) return { data }
  const body: Envelope = {}
  if (hasData(data)) body.data = data
  body.errors = errors.map((error) => error.toEnvelope())
  return body
}
