/**
 * Log lines for clients the server refuses (connection cap, timeouts,
 * broken framing). A flood of refusals must not become a flood of log lines,
 * so each kind is logged at most once per window, with how many were not.
 * @module
 */
import type { Logger } from 'pino'

/** Why the server refused a client. */
export type RefusalKind =
  | 'connection cap'
  | 'request timeout'
  | 'idle timeout'
  | 'header overflow'
  | 'malformed request'
  | 'body too large'

/** Notes refusals and logs them, rate-limited per kind. */
export interface RefusalLog {
  note(kind: RefusalKind, detail?: Record<string, unknown>): void
}

/** A refusal log writing at `warn` through `logger`, one line per kind per `windowMs`. */
export function createRefusalLog(
  logger: Pick<Logger, 'warn'>,
  now: () => number = Date.now,
  windowMs = 10_000,
): RefusalLog {
  const state = new Map<RefusalKind, { loggedMs: number; suppressed: number }>()
  return {
    note(kind, detail = {}) {
      const at = now()
      const entry = state.get(kind)
      if (entry !== undefined && at - entry.loggedMs < windowMs) {
        entry.suppressed++
        return
      }
      const suppressed = entry?.suppressed ?? 0
      state.set(kind, { loggedMs: at, suppressed: 0 })
      logger.warn({ refusal: kind, ...detail, suppressedSinceLast: suppressed }, 'client refused')
    },
  }
}
