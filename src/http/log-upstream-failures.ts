/**
 * Operators see why ThreatINSIGHT failed: one `warn` line per failed upstream call that
 * reaches an answer, naming its code, method, URL path and status or transport code. Never the
 * query string (it can carry observables), a key, a token or a payload value.
 * @module
 */
import type { Logger } from 'pino'
import { transportCode } from '../gti/classify-failure.ts'
import { GtiError } from '../gti/gti-error.ts'

// Relay errors wrap the client's error (sometimes twice: observable, then health check).
const MAX_CAUSE_DEPTH = 4

function upstreamCause(error: unknown): GtiError | undefined {
  let current: unknown = error
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && current instanceof Error; depth += 1) {
    if (current instanceof GtiError) return current
    current = current.cause
  }
  return undefined
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return '(unparsable URL)'
  }
}

/** Log each distinct ThreatINSIGHT failure behind `errors` once, at `warn`. */
export function logUpstreamFailures(log: Pick<Logger, 'warn'>, errors: readonly unknown[]): void {
  const seen = new Set<GtiError>()
  for (const error of errors) {
    const failure = upstreamCause(error)
    if (failure === undefined || seen.has(failure)) continue
    seen.add(failure)
    const transport = transportCode(failure.cause)
    log.warn(
      {
        upstream: {
          code: failure.code,
          kind: failure.kind,
          method: failure.method,
          path: pathOf(failure.url),
          ...(failure.status === undefined ? {} : { status: failure.status }),
          ...(transport === undefined ? {} : { transport }),
          attempts: failure.attempts,
        },
      },
      'ThreatINSIGHT call failed',
    )
  }
}
