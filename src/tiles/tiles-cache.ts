/**
 * The caches the tiles share: detection sets per (key hash, test-accounts
 * flag, query), and the tile answers built from them; each bounded in
 * entries and estimated bytes.
 * @module
 */
import { type Cache, createMemoryCache } from '../cache/index.ts'
import type { Clock } from '../clock.ts'
import type { TileData } from './build-tile.ts'
import type { DetectionSet } from './detection-set.ts'
import { detectionSetBytes } from './read-detections.ts'

/** Detection sets kept: two queries per period and key for a few hundred keys. */
export const TILES_CACHE_MAX_ENTRIES = 2000
/** About 200 000 cached detections. */
export const TILES_CACHE_MAX_BYTES = 64 * 1024 * 1024
/** Built answers kept: five tiles per period and key for a few hundred keys. */
export const TILE_ANSWERS_MAX_ENTRIES = 5000
/** A 90-day over-time answer is about 100 KB, so a few hundred of the largest. */
export const TILE_ANSWERS_MAX_BYTES = 32 * 1024 * 1024

/** A process-local cache of detection sets for the tiles. */
export function createTilesCache(clock: Clock): Cache<DetectionSet> {
  return createMemoryCache<DetectionSet>({
    maxEntries: TILES_CACHE_MAX_ENTRIES,
    maxBytes: TILES_CACHE_MAX_BYTES,
    sizeOf: detectionSetBytes,
    clock,
  })
}

/** Estimated bytes of a built answer: its JSON text, two bytes a character. */
export function tileDataBytes(data: TileData): number {
  return 64 + JSON.stringify(data).length * 2
}

/** A process-local cache of built tile answers. */
export function createTileAnswersCache(clock: Clock): Cache<TileData> {
  return createMemoryCache<TileData>({
    maxEntries: TILE_ANSWERS_MAX_ENTRIES,
    maxBytes: TILE_ANSWERS_MAX_BYTES,
    sizeOf: tileDataBytes,
    clock,
  })
}
