/**
 * One fetch sequence: a detections query read page by page (following
 * `total_count`) up to the cap, trimmed to {@link DetectionSet}.
 * @module
 */

import { isTestAccount } from '../detections/test-accounts.ts'
import type { Detection, DetectionsAnswer, Rule } from '../gti/schemas.ts'
import {
  type DetectionSet,
  severityKey,
  type TileDetection,
  type TileRule,
} from './detection-set.ts'
import type { DetectionsListQuery, TilesCall, TilesUpstream } from './upstream.ts'

/** The largest page ThreatINSIGHT serves. */
export const PAGE_LIMIT = 1000

/** Which detections to read. */
export type DetectionsQuery = Omit<DetectionsListQuery, 'limit' | 'offset'>

/** Options of {@link readDetections}. */
export interface ReadOptions {
  /** Detections read at most (the cap). */
  maxDetections: number
  allowTestAccounts: boolean
  nowMs: number
}

function epochMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** Whether a detection counts for the tiles: not muted in any way, and not a test tenant's unless allowed. */
export function isCounted(detection: Detection, allowTestAccounts: boolean): boolean {
  if (detection.muted === true || detection.muted_rule === true || detection.muted_device === true)
    return false
  return allowTestAccounts || !isTestAccount(detection.account_uuid)
}

function trimDetection(detection: Detection): TileDetection {
  return {
    uuid: detection.uuid,
    ruleUuid: detection.rule_uuid,
    deviceIp:
      typeof detection.device_ip === 'string' && detection.device_ip !== ''
        ? detection.device_ip
        : undefined,
    active: detection.status === 'active',
    createdMs: epochMs(detection.created),
    lastSeenMs: epochMs(detection.last_seen),
  }
}

function trimRule(rule: Rule): TileRule {
  const name =
    typeof rule.name === 'string' && rule.name.trim() !== '' ? rule.name.trim() : undefined
  const category =
    typeof rule.category === 'string' && rule.category.trim() !== ''
      ? rule.category.trim()
      : 'Uncategorised'
  return {
    uuid: rule.uuid,
    name: name ?? `Rule ${rule.uuid}`,
    severity: severityKey(rule.severity),
    category,
  }
}

/** Pages fetched at once once `total_count` says how many there are. */
export const PARALLEL_PAGES = 4

/**
 * Read every page of `query` (at most `maxDetections` detections) and keep
 * the counted ones. The first page tells `total_count`; the other pages are
 * then fetched a few at a time instead of one after the other.
 */
export async function readDetections(
  upstream: TilesUpstream,
  call: TilesCall,
  query: DetectionsQuery,
  options: ReadOptions,
): Promise<DetectionSet> {
  const detections: TileDetection[] = []
  const rules: Record<string, TileRule> = Object.create(null)
  const seen = new Set<string>()
  const take = (page: DetectionsAnswer): void => {
    for (const rule of page.rules ?? []) rules[rule.uuid] ??= trimRule(rule)
    for (const detection of page.detections) {
      // Offset paging over data that changes can serve a detection twice.
      if (seen.has(detection.uuid)) continue
      seen.add(detection.uuid)
      if (isCounted(detection, options.allowTestAccounts)) detections.push(trimDetection(detection))
    }
  }
  const max = options.maxDetections
  const fetchPage = (offset: number): Promise<DetectionsAnswer> =>
    upstream.listDetections(call, { ...query, limit: Math.min(PAGE_LIMIT, max - offset), offset })

  const first = await fetchPage(0)
  take(first)
  let read = first.detections.length
  let total = typeof first.total_count === 'number' ? first.total_count : undefined
  let ended = first.detections.length < Math.min(PAGE_LIMIT, max)
  if (!ended && total !== undefined) {
    // Known size: the remaining offsets up to the cap, fetched in small parallel batches.
    const offsets: number[] = []
    for (let offset = read; offset < Math.min(total, max); offset += PAGE_LIMIT)
      offsets.push(offset)
    for (let i = 0; i < offsets.length; i += PARALLEL_PAGES) {
      const pages = await Promise.all(offsets.slice(i, i + PARALLEL_PAGES).map(fetchPage))
      for (const page of pages) {
        take(page)
        read += page.detections.length
        if (typeof page.total_count === 'number') total = page.total_count
      }
    }
    ended = total <= max
  } else {
    // Size unknown: page on until a short page or the cap.
    while (!ended && read < max) {
      const page = await fetchPage(read)
      take(page)
      if (typeof page.total_count === 'number') total = page.total_count
      ended = page.detections.length < Math.min(PAGE_LIMIT, max - read)
      read += page.detections.length
    }
  }
  const capped = total !== undefined ? total > max : !ended && read >= max
  const unread = capped && total !== undefined ? Math.max(0, total - read) : 0
  return { readAtMs: options.nowMs, detections, rules, unread, capped }
}

/** Estimated bytes a set holds in memory, for the cache's byte bound. */
export function detectionSetBytes(set: DetectionSet): number {
  // Per detection: the object, two uuids, an address and three numbers; per rule: two uuids-sized
  // strings and its texts. Rough, but proportional, which is what a byte bound needs.
  let bytes = 256
  for (const detection of set.detections) bytes += 240 + (detection.deviceIp?.length ?? 0) * 2
  for (const rule of Object.values(set.rules))
    bytes += 200 + (rule.name.length + rule.category.length) * 2
  return bytes
}
