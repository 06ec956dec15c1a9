/**
 * The periods a tile offers, their lengths, how long their data may be
 * cached and how wide the time buckets of a chart over them are.
 * @module
 */

/** Every period a tile offers, shortest first. */
export const PERIODS = [
  'last_hour',
  'last_24_hours',
  'last_7_days',
  'last_30_days',
  'last_60_days',
  'last_90_days',
] as const

/** A tile period. */
export type Period = (typeof PERIODS)[number]

/** The period of a tile when XDR asks for none. */
export const DEFAULT_PERIOD: Period = 'last_7_days'

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS

const LENGTH_MS: Readonly<Record<Period, number>> = {
  last_hour: HOUR_MS,
  last_24_hours: DAY_MS,
  last_7_days: 7 * DAY_MS,
  last_30_days: 30 * DAY_MS,
  last_60_days: 60 * DAY_MS,
  last_90_days: 90 * DAY_MS,
}

/** Whether `value` names a period. */
export function isPeriod(value: unknown): value is Period {
  return typeof value === 'string' && Object.hasOwn(LENGTH_MS, value)
}

/** `[now − length, now)` of a period, in epoch ms. */
export interface Window {
  startMs: number
  endMs: number
}

/** The window of `period` ending at `nowMs`. */
export function periodWindow(period: Period, nowMs: number): Window {
  return { startMs: nowMs - LENGTH_MS[period], endMs: nowMs }
}

/** How long tile data of a period stays valid (and cached): short periods change fast. */
export function cacheTtlMs(period: Period): number {
  if (period === 'last_hour') return MINUTE_MS
  if (period === 'last_24_hours') return 5 * MINUTE_MS
  return 15 * MINUTE_MS
}

/** Width of one bar of the chart over time. */
export function bucketMs(period: Period): number {
  if (period === 'last_hour') return 5 * MINUTE_MS
  if (period === 'last_24_hours') return HOUR_MS
  return DAY_MS
}

/**
 * The starts of every UTC-aligned bucket of width `widthMs` that meets the
 * window: the first and last may stick out of it. Epoch 0 is a UTC midnight,
 * so multiples of 5 minutes, an hour or a day are UTC-aligned.
 */
export function bucketStarts(window: Window, widthMs: number): number[] {
  const starts: number[] = []
  if (window.endMs <= window.startMs) return starts
  for (
    let start = Math.floor(window.startMs / widthMs) * widthMs;
    start < window.endMs;
    start += widthMs
  ) {
    starts.push(start)
  }
  return starts
}
