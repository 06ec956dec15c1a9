/**
 * When generated detections happen and what became of them: spread over the
 * last 90 days with more of them recent (as a tenant's history looks), the
 * older ones mostly resolved, and a muted rule and a muted device the way an
 * analyst tunes out noise.
 * @module
 */
import type { SimDetection } from './dataset.ts'
import type { Random } from './prng.ts'
import { isoMicros } from './time-format.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** The oldest a generated detection gets (its `created` stays inside 90 days). */
export const HISTORY_DAYS = 89

/** The start of a detection's activity and its status now. */
export interface DetectionTiming {
  start: number
  status: SimDetection['status']
}

// Share of detections by age: 5 % in the last hour, 15 % in the rest of the day, 30 % in the rest
// of the week, half over the older history. Each band is [share so far, from age, to age].
const AGE_BANDS: readonly (readonly [number, number, number])[] = [
  [0.05, 0, HOUR],
  [0.2, HOUR, DAY],
  [0.5, DAY, 7 * DAY],
  [1, 7 * DAY, HISTORY_DAYS * DAY],
]

/**
 * A start `now − age` and a status. `spanMs` is the longest the detection's
 * events and its creation can take, so `created` never lands in the future.
 * Draws exactly two numbers, as the generator did before there was a
 * history, so the rest of a seed's dataset stays as it was.
 */
export function detectionTiming(rng: Random, now: number, spanMs: number): DetectionTiming {
  const u = rng.int(0, 999_999) / 1_000_000
  let ageMs = 0
  let below = 0
  for (const [upTo, from, to] of AGE_BANDS) {
    if (u < upTo) {
      ageMs = from + ((u - below) / (upTo - below)) * (to - from)
      break
    }
    below = upTo
  }
  // Detections auto-resolve or get triaged over time: the older, the likelier resolved.
  const activeShare = ageMs < 7 * DAY ? 0.85 : ageMs < 30 * DAY ? 0.5 : 0.2
  const status = rng.chance(activeShare) ? 'active' : 'resolved'
  return { start: now - Math.round(Math.max(ageMs, spanMs + MINUTE)), status }
}

/**
 * How long a template's events plus the detection's creation can take: each
 * event comes up to 901 s after the previous, and `created` up to 10 min after the last.
 */
export function maxSpanMs(events: number, repeat: number): number {
  return events * repeat * 901_000 + 10 * MINUTE
}

/** A time between `fromMs` and `now` (exclusive), at most `maxMs` after `fromMs`. */
export function laterThan(rng: Random, fromMs: number, now: number, maxMs: number): number {
  const room = Math.max(1000, Math.min(maxMs, now - fromMs - 1000))
  return fromMs + rng.int(1000, Math.max(1000, room))
}

/**
 * Mutes one rule in the customer account (every detection of it there gets
 * `muted_rule`) and one device (`muted_device`). The first `skip` detections
 * (the well-known ones) are left alone so lookups of them stay unchanged.
 */
export function applyMutes(
  rng: Random,
  detections: SimDetection[],
  customerUuid: string,
  now: number,
  skip: number,
): void {
  const candidates = detections.slice(skip).filter((d) => d.account_uuid === customerUuid)
  const ruleUuid = candidates[0] === undefined ? undefined : rng.pick(candidates).rule_uuid
  const device = candidates[1] === undefined ? undefined : rng.pick(candidates).device_ip
  const ruleMutedAt = now - rng.int(2, 20) * DAY
  const deviceMutedAt = now - rng.int(2, 20) * DAY
  const user = rng.uuid()
  const deviceUuid = rng.uuid()
  for (const detection of detections.slice(skip)) {
    if (detection.account_uuid !== customerUuid) continue
    if (detection.rule_uuid === ruleUuid) {
      detection.muted_rule = true
      detection.muted_comment ??= 'Rule muted: expected on this network.'
      detection.muted_timestamp ??= isoMicros(ruleMutedAt, rng)
      detection.muted_user_uuid ??= user
    }
    if (detection.device_ip === device) {
      detection.muted_device = true
      detection.muted_device_uuid = deviceUuid
      detection.muted_comment ??= 'Device muted: vulnerability scanner.'
      detection.muted_timestamp ??= isoMicros(deviceMutedAt, rng)
      detection.muted_user_uuid ??= user
    }
  }
}
