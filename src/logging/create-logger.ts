/**
 * The relay's pino logger. Secrets never reach it: request logging is our own
 * (no headers logged) and the paths that could hold one are redacted anyway.
 * @module
 */
import { type DestinationStream, type Logger, pino } from 'pino'

/** Keys redacted wherever they appear at these paths, as a second line of defence. */
export const REDACTED_PATHS = [
  'authorization',
  'apiKey',
  'token',
  'key',
  '*.authorization',
  '*.apiKey',
  '*.token',
  '*.key',
  'req.headers.authorization',
  'headers.authorization',
]

export interface LoggerOptions {
  level: string
  /** Where lines go; default stdout. Lambda passes a synchronous destination. */
  destination?: DestinationStream
}

/**
 * pino's error serialiser, with `type` taken from the error's own `name`: the Lambda bundle is
 * minified without kept names, so constructor names there are one or two letters, while the
 * relay's errors set `name` explicitly.
 */
function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error)
  const name = (error as { name?: unknown } | null)?.name
  if (typeof serialized === 'object' && serialized !== null && typeof name === 'string') {
    serialized.type = name
  }
  return serialized
}

/** A JSON-lines logger with redaction. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'gti-relay' },
      serializers: { err: serializeError },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  )
}
