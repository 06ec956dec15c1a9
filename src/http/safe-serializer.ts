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

/** A reply serializer that never throws and never answers more than `maxBytes`. */
export function createSafeSerializer(
  maxBytes: number,
  logger: Pick<Logger, 'error'>,
): (payload: unknown) => string {
  return (payload) => {
    try {
      const text = JSON.stringify(payload)
      // Characters bound bytes from below; only a string near the cap needs counting.
      if (text.length <= maxBytes / 3 || Buffer.byteLength(text) <= maxBytes) return text
      logger.error({ bytes: Buffer.byteLength(text), maxBytes }, 'answer over MAX_ANSWER_BYTES')
    } catch (error) {
      logger.error({ err: error }, 'answer could not be serialised')
    }
    return TOO_LARGE
  }
}
