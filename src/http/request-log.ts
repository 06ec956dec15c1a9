/**
 * The one log line per answered request, the same from both transports. It names the route,
 * never the URL (which can carry observables) nor any header.
 * @module
 */
import type { Logger } from 'pino'

/** What the request line says. */
export interface RequestLine {
  method: string
  /** The route's URL, or `unknown`. */
  route: string
  status: number
  durationMs: number
  /** The distinct relay error codes of the answer. */
  errors?: string[] | undefined
}

/** Log the line of one answered request; liveness probes only at debug. */
export function logRequest(log: Pick<Logger, 'info' | 'debug'>, line: RequestLine): void {
  const entry = {
    method: line.method,
    route: line.route,
    status: line.status,
    durationMs: Math.round(line.durationMs * 10) / 10,
    ...(line.errors === undefined ? {} : { errors: line.errors }),
  }
  // Liveness probes are frequent and say nothing; keep them out of the info stream.
  if (line.route === '/watchdog') log.debug(entry, 'request')
  else log.info(entry, 'request')
}
