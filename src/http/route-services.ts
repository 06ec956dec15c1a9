/**
 * State the routes share for the life of one app: the answer cache, the
 * tiles' caches and the Events API mark. In process by default; the answer
 * and tiles caches live in Redis when the relay is given shared state.
 * @module
 */
import {
  type AnswerCache,
  createAnswerCache,
  type StoredPart,
  storedPartBytes,
} from '../answers/index.ts'
import { createMemoryCache } from '../cache/index.ts'
import { createSharedState } from '../fleet-state/index.ts'
import { createEventsAvailability, type EventsGate } from '../observe/events-availability.ts'
import {
  createTileAnswersCache,
  createTilesCache,
  TILES_CACHE_MAX_BYTES,
  type TilesDeps,
} from '../tiles/index.ts'
import type { RelayDeps } from './relay-deps.ts'

/** What the routes share, built once per app by {@link createRouteServices}. */
export interface RouteServices {
  tiles: TilesDeps
  /** Per-observable answers of observe, deliberate and respond-listing, in Redis for a fleet. */
  answers: AnswerCache
  /** One mark per relay: every request skips an Events API that looked gone (observe v2 rule 3). */
  eventsGate: EventsGate | undefined
}

// What one invalidation token costs in the store (key, value and overhead, rounded up).
const GENERATION_BYTES = 200

/** Build the services of one app from its dependencies. */
export function createRouteServices(deps: RelayDeps): RouteServices {
  const { settings, clock } = deps
  const shared = deps.shared ?? createSharedState({ logger: deps.logger, now: () => clock.now() })
  const { maxEntries, maxBytes, ttlMs } = settings.answerCache
  const localParts = createMemoryCache<StoredPart>({
    maxEntries,
    maxBytes,
    sizeOf: storedPartBytes,
    clock,
  })
  const localGenerations = createMemoryCache<string>({
    maxEntries,
    maxBytes: maxEntries * GENERATION_BYTES,
    sizeOf: () => GENERATION_BYTES,
    clock,
  })
  return {
    answers: createAnswerCache({
      parts: shared.cache('answers', localParts, maxBytes),
      generations: shared.cache('answers', localGenerations, GENERATION_BYTES),
      ttlMs,
    }),
    tiles: {
      upstream: deps.gti,
      cache: shared.cache('tiles', createTilesCache(clock), TILES_CACHE_MAX_BYTES),
      answers: createTileAnswersCache(clock),
      portalUrl: settings.gti.portalUrl,
      maxDetections: settings.tiles.maxDetections,
      timeoutMs: settings.limits.requestTimeoutMs,
      now: () => clock.now(),
    },
    eventsGate:
      settings.gti.eventsUrl === undefined
        ? undefined
        : createEventsAvailability({ clock }).gate(new URL(settings.gti.eventsUrl).origin),
  }
}
