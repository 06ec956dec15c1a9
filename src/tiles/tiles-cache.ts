/**
 * The cache the tiles share: detection sets per (key hash, test-accounts
 * flag, query), bounded in entries and estimated bytes.
 * @module
 */
import { type Cache, createMemoryCache } from '../cache/index.ts'
import type { Clock } from '../clock.ts'
import type { DetectionSet } from './detection-set.ts'
import { detectionSetBytes } from './read-detections.ts'

/** Detection sets kept: two queries per period and key for a few hundred keys. */
export const TILES_CACHE_MAX_ENTRIES = 2000
/** About 200 000 cached detections. */
export const TILES_CACHE_MAX_BYTES = 64 * 1024 * 1024

/** A process-local cache for the tiles. */
export function createTilesCache(clock: Clock): Cache<DetectionSet> {
  return createMemoryCache<DetectionSet>({
    maxEntries: TILES_CACHE_MAX_ENTRIES,
    maxBytes: TILES_CACHE_MAX_BYTES,
    sizeOf: detectionSetBytes,
    clock,
  })
}
