/**
 * The five tile definitions `/tiles` lists.
 * @module
 */
import { DEFAULT_PERIOD, PERIODS, type Period } from './periods.ts'

/** The ids of the tiles. */
export const TILE_IDS = [
  'gti-detection-overview',
  'gti-detections-by-severity',
  'gti-detections-over-time',
  'gti-top-rules',
  'gti-top-devices',
] as const

/** A tile id. */
export type TileId = (typeof TILE_IDS)[number]

/** XDR's tile types used here. */
export type TileType =
  | 'metric_group'
  | 'donut_graph'
  | 'vertical_bar_chart'
  | 'horizontal_bar_chart'
  | 'markdown'

/** A tile definition as XDR reads it. */
export interface TileDefinition {
  id: TileId
  type: TileType
  title: string
  short_description: string
  description: string
  tags: string[]
  periods: Period[]
  default_period: Period
}

const TAGS = ['Gigamon ThreatINSIGHT', 'network', 'detections']

const COUNTED =
  'Muted detections (by detection, rule or device) are left out, and so are those of the shared Demo and Training accounts unless the module allows test accounts.'

const define = (
  id: TileId,
  type: TileType,
  title: string,
  short: string,
  description: string,
): TileDefinition => ({
  id,
  type,
  title,
  short_description: short,
  description: `${description} ${COUNTED}`,
  tags: [...TAGS],
  periods: [...PERIODS],
  default_period: DEFAULT_PERIOD,
})

/** Every tile, in the order `/tiles` lists them. */
export const TILE_DEFINITIONS: readonly TileDefinition[] = [
  define(
    'gti-detection-overview',
    'metric_group',
    'ThreatINSIGHT: detection overview',
    'Active detections, high severity ones, affected devices and new detections.',
    'Four figures: the active detections (whenever they were created), those of them whose rule is high severity, the distinct devices they concern, and the detections created in the period whatever their status now.',
  ),
  define(
    'gti-detections-by-severity',
    'donut_graph',
    'ThreatINSIGHT: detections by severity',
    'Detections created in the period by rule severity and category.',
    'The detections created in the period: the outer ring splits them by rule severity (high, moderate, low, other), the inner segments by rule category.',
  ),
  define(
    'gti-detections-over-time',
    'vertical_bar_chart',
    'ThreatINSIGHT: detections over time',
    'Detections created per interval, stacked by severity.',
    'The detections created in the period per UTC interval (5 minutes for the last hour, 1 hour for the last 24 hours, 1 day beyond), stacked by rule severity; intervals without detections show as zero.',
  ),
  define(
    'gti-top-rules',
    'horizontal_bar_chart',
    'ThreatINSIGHT: top rules',
    'The 10 rules with the most detections created in the period.',
    'The 10 rules with the most detections created in the period, most first (ties by rule name), each bar coloured by the rule severity and linked to the rule page.',
  ),
  define(
    'gti-top-devices',
    'markdown',
    'ThreatINSIGHT: top devices',
    'The 10 devices with the most detections created in the period.',
    'A table of the 10 devices (device_ip) with the most detections created in the period: detections, highest rule severity, distinct rules and when a detection of it was last seen (UTC), each linked to a portal search.',
  ),
]

/** The definition of `id`, if there is one. */
export function findTile(id: string): TileDefinition | undefined {
  return TILE_DEFINITIONS.find((tile) => tile.id === id)
}
