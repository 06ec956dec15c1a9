/**
 * Step 6 of observe.md: the recent-events query for one observable.
 * @module
 */
import { iqlString } from '../gti/iql.ts'
import type { Observable } from '../observables/observable.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** The typed IQL filter `<type> = '<value>'`, `\` and `'` escaped with `\`. */
export function iqlFilter(observable: Observable): string {
  return `${observable.type} = ${iqlString(observable.value)}`
}

/** The look-back window ending at `nowMs`, as ISO-8601 UTC with milliseconds. */
export function lookbackWindow(
  nowMs: number,
  days: number,
): { startDate: string; endDate: string } {
  return {
    startDate: new Date(nowMs - days * DAY_MS).toISOString(),
    endDate: new Date(nowMs).toISOString(),
  }
}
