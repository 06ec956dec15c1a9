/**
 * Dashboard tiles: definitions, request validation and the tile-data workflow.
 * @module
 */
export type { TileData } from './build-tile.ts'
export type { DetectionSet } from './detection-set.ts'
export { parseTileDataRequest, parseTileId } from './parse-tile-request.ts'
export { cacheTtlMs, DEFAULT_PERIOD, PERIODS, type Period } from './periods.ts'
export { detectionSetBytes } from './read-detections.ts'
export {
  findTile,
  TILE_DEFINITIONS,
  TILE_IDS,
  type TileDefinition,
  type TileId,
} from './tile-definitions.ts'
export {
  createTileAnswersCache,
  createTilesCache,
  TILES_CACHE_MAX_BYTES,
  tileDataBytes,
} from './tiles-cache.ts'
export {
  type TileDataRequest,
  type TileDataResult,
  type TilesDeps,
  tileData,
} from './tiles-service.ts'
export type { TilesUpstream } from './upstream.ts'
