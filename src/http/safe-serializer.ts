/**
 * The last guard before bytes leave: an answer that cannot be serialised, or
 * that is larger than the relay ever sends, becomes a JSON error instead of
 * a crash (`Invalid string length`) or an unbounded write.
 * @module
 */
import type { Logger } from 'pino'
import { RelayError } from '../errors/relay-error.ts'
import { envelope } from './envelope.ts'

const TOO_LARGE = JSON.stringify(
  envelope(undefined, [
    new RelayError(
      'internal error',
      'The answer could not be serialised within the relay limits; the failure was logged.',
    ),
  ]),
)

/**
 * A reply serializer that never throws and never answers more than `maxBytes`, around
 * `serialize` (default `JSON.stringify`; the relay's also writes pre-serialised parts as bytes).
 */
export function createSafeSerializer(
  maxBytes: number,
  logger: Pick<Logger, 'error'>,
  serialize: (payload: unknown) => string | Buffer = JSON.stringify,
): (payload: unknown) => string | Buffer {
  return (payload) => {
    try {
      const text = serialize(payload)
      const bytes = typeof text === 'string' ? undefined : text.length
      if (bytes !== undefined) {
        if (bytes <= maxBytes) return text
      } else if (text.length <= maxBytes / 3 || Buffer.byteLength(text) <= maxBytes) {
        // Characters bound bytes from below; only a string near the cap needs counting.
        return text
      }
      logger.error(
        { bytes: bytes ?? Buffer.byteLength(text), maxBytes },
        'answer over MAX_ANSWER_BYTES',
      )
    } catch (error) {
      logger.error({ err: error }, 'answer could not be serialised')
    }
    return TOO_LARGE
  }
}
