/**
 * Bodies are read as JSON whatever the Content-Type says (XDR's relays always
 * did), but only after the token has been checked.
 * @module
 */
import { RelayError } from '../errors/relay-error.ts'

/** Parse a raw request body; an empty body is `undefined`. */
export function parseJsonBody(raw: unknown): unknown {
  if (raw === undefined || raw === null) return undefined
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : ''
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new RelayError(
      'invalid argument',
      'Invalid JSON payload received: the body is not valid JSON.',
    )
  }
}
