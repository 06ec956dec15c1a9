/**
 * A tile's answer from its inputs: the common time fields plus the data of
 * its type.
 * @module
 */
import { overTimeTile } from './over-time-tile.ts'
import { overviewTile } from './overview-tile.ts'
import { cacheTtlMs } from './periods.ts'
import { severityDonutTile } from './severity-donut-tile.ts'
import type { TileId } from './tile-definitions.ts'
import type { TileInput } from './tile-input.ts'
import { topDevicesTile } from './top-devices-tile.ts'
import { topRulesTile } from './top-rules-tile.ts'

/** The `data` of a `/tiles/tile-data` answer. */
export interface TileData {
  observed_time: { start_time: string; end_time: string }
  valid_time: { start_time: string; end_time: string }
  cache_scope: 'org'
  period: string
  data: unknown
  [field: string]: unknown
}

const BUILDERS: Readonly<Record<TileId, (input: TileInput) => { data: unknown }>> = {
  'gti-detection-overview': overviewTile,
  'gti-detections-by-severity': severityDonutTile,
  'gti-detections-over-time': overTimeTile,
  'gti-top-rules': topRulesTile,
  'gti-top-devices': topDevicesTile,
}

const iso = (ms: number): string => new Date(ms).toISOString()

/**
 * The answer of tile `id`. The data describes the instant the detections were
 * read (`window.endMs`) and stays valid for the period's cache TTL from then.
 */
export function buildTile(id: TileId, input: TileInput): TileData {
  const body = BUILDERS[id](input)
  const { startMs, endMs } = input.window
  return {
    observed_time: { start_time: iso(startMs), end_time: iso(endMs) },
    valid_time: { start_time: iso(endMs), end_time: iso(endMs + cacheTtlMs(input.period)) },
    cache_scope: 'org',
    period: input.period,
    ...body,
  }
}
