/**
 * What the tiles read from ThreatINSIGHT, trimmed to the fields they use:
 * small enough to cache, and already stripped of the detections that do
 * not count (muted, or in a test account unless allowed).
 * @module
 */

/** Rule severities in the order tiles show them; `other` collects anything unknown. */
export const SEVERITIES = ['high', 'moderate', 'low', 'other'] as const

/** A severity as tiles group it. */
export type SeverityKey = (typeof SEVERITIES)[number]

/** Labels of the severities. */
export const SEVERITY_LABELS: Readonly<Record<SeverityKey, string>> = {
  high: 'High',
  moderate: 'Moderate',
  low: 'Low',
  other: 'Other',
}

/** The rule fields tiles show. */
export interface TileRule {
  uuid: string
  name: string
  severity: SeverityKey
  category: string
}

/** The detection fields tiles count with. */
export interface TileDetection {
  uuid: string
  ruleUuid: string
  deviceIp: string | undefined
  active: boolean
  /** `created` in epoch ms; undefined when missing or unreadable. */
  createdMs: number | undefined
  lastSeenMs: number | undefined
}

/** The counted detections of one query, as read at one instant. */
export interface DetectionSet {
  /** When the read started: the `now` the data describes. */
  readAtMs: number
  detections: TileDetection[]
  /** Rules by uuid (a plain record, so a shared cache backend can store the set as JSON). */
  rules: Readonly<Record<string, TileRule>>
  /** Detections ThreatINSIGHT has for the query but the cap left unread (0 when none). */
  unread: number
  /** Whether the cap cut the read short. */
  capped: boolean
}

/** A severity word as a tile groups it (`medium` is read as `moderate`). */
export function severityKey(value: unknown): SeverityKey {
  if (typeof value !== 'string') return 'other'
  const word = value.trim().toLowerCase()
  if (word === 'high' || word === 'moderate' || word === 'low') return word
  if (word === 'medium') return 'moderate'
  return 'other'
}

/** The rule of a detection, or a stand-in when ThreatINSIGHT did not include it. */
export function ruleOf(set: DetectionSet, detection: TileDetection): TileRule {
  return (
    (Object.hasOwn(set.rules, detection.ruleUuid) ? set.rules[detection.ruleUuid] : undefined) ?? {
      uuid: detection.ruleUuid,
      name: `Rule ${detection.ruleUuid}`,
      severity: 'other',
      category: 'Unknown',
    }
  )
}
