/**
 * Hand-made detection sets for the tile tests.
 * @module
 */
import type { DetectionSet, TileDetection, TileRule } from '../../src/tiles/detection-set.ts'
import type { Period } from '../../src/tiles/periods.ts'
import { periodWindow } from '../../src/tiles/periods.ts'
import type { TileInput } from '../../src/tiles/tile-input.ts'

/** The instant the test sets are read at: 2026-03-01 12:34:56 UTC. */
export const NOW = Date.parse('2026-03-01T12:34:56.000Z')
/** The portal of the test links. */
export const PORTAL = 'https://portal.example'

/** Four rules, one per severity group. */
export const RULES: Record<string, TileRule> = {
  r1: {
    uuid: 'r1',
    name: 'Alpha beacon',
    severity: 'high',
    category: 'Attack:Command and Control',
  },
  r2: { uuid: 'r2', name: 'Beta download', severity: 'moderate', category: 'Attack:Installation' },
  r3: { uuid: 'r3', name: 'Gamma adware', severity: 'low', category: 'PUA:Adware' },
  r4: { uuid: 'r4', name: 'Delta oddity', severity: 'other', category: 'Miscellaneous' },
}

let counter = 0

/** A detection of `rule` created `agoMs` before {@link NOW}. */
export function detection(
  rule: string,
  agoMs: number,
  more: Partial<TileDetection> = {},
): TileDetection {
  counter += 1
  return {
    uuid: `d${counter}`,
    ruleUuid: rule,
    deviceIp: '10.0.0.1',
    active: true,
    createdMs: NOW - agoMs,
    lastSeenMs: NOW - agoMs - 60_000,
    ...more,
  }
}

/** A set read at {@link NOW}. */
export function detectionSet(
  detections: TileDetection[],
  rules: Record<string, TileRule> = RULES,
): DetectionSet {
  return { readAtMs: NOW, detections, rules, unread: 0, capped: false }
}

/** The input of a tile for `period` at {@link NOW}. */
export function tileInput(
  period: Period,
  created: TileDetection[],
  active?: TileDetection[],
): TileInput {
  return {
    period,
    window: periodWindow(period, NOW),
    created: detectionSet(created),
    ...(active === undefined ? {} : { active: detectionSet(active) }),
    portalUrl: PORTAL,
  }
}

/** Minutes, hours and days in ms. */
export const MIN = 60_000
export const HOUR = 60 * MIN
export const DAY = 24 * HOUR
