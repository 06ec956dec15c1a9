/**
 * Observe v2 rule 3: the Events API may be gone (FortiNDR Cloud documents it
 * nowhere since 2024). When it answers as a missing service, it is left alone
 * for a while, per origin, so no request pays for a call known to fail.
 * @module
 */
import type { Clock } from '../clock.ts'
import { RelayError } from '../errors/relay-error.ts'
import { transportCode } from '../gti/classify-failure.ts'
import { GtiError } from '../gti/gti-error.ts'

/** How long the Events API is left alone once it looked gone. */
export const EVENTS_UNAVAILABLE_MS = 10 * 60 * 1000

// Statuses of a service that is not there (rather than one that is failing).
const GONE_STATUSES: ReadonlySet<number> = new Set([404, 410, 501])

/** Whether a failed events query says the Events API is gone: 404, 410, 501 or an unknown host. */
export function isEventsApiGone(error: unknown): boolean {
  if (!(error instanceof GtiError)) return false
  if (error.status !== undefined) return GONE_STATUSES.has(error.status)
  return error.kind === 'network' && transportCode(error.cause) === 'ENOTFOUND'
}

/** The Events API of one origin, as observe sees it. */
export interface EventsGate {
  /** False while the origin is marked unavailable. */
  isAvailable(): boolean
  /** Marks the origin unavailable from now for the gate's duration. */
  markUnavailable(): void
  /** The one warning a request carries while the Events API is unavailable. */
  warning(): RelayError
}

/** Options of {@link createEventsAvailability}. */
export interface EventsAvailabilityOptions {
  clock: Clock
  /** Default {@link EVENTS_UNAVAILABLE_MS}. */
  unavailableMs?: number
}

/** Unavailability marks per origin, shared by every request of a relay. */
export interface EventsAvailability {
  /** The gate of one origin (e.g. `https://events.icebrg.io`). */
  gate(origin: string): EventsGate
}

/** Creates an empty set of marks. */
export function createEventsAvailability(options: EventsAvailabilityOptions): EventsAvailability {
  const unavailableMs = options.unavailableMs ?? EVENTS_UNAVAILABLE_MS
  const minutes = Math.max(1, Math.round(unavailableMs / 60_000))
  const untilMs = new Map<string, number>()
  return {
    gate(origin) {
      return {
        isAvailable() {
          const until = untilMs.get(origin)
          if (until === undefined) return true
          if (options.clock.now() < until) return false
          untilMs.delete(origin)
          return true
        },
        markUnavailable() {
          untilMs.set(origin, options.clock.now() + unavailableMs)
        },
        warning() {
          // One text for every observable, so a request carries it once (errors are deduplicated).
          return new RelayError(
            'events unavailable',
            `The ThreatINSIGHT Events API (${origin}) is unavailable, so recent events are missing; the answer comes from detections and entity lookups. The relay tries the Events API again after ${minutes} minute(s).`,
          )
        },
      }
    },
  }
}
