/**
 * Step 6 of observe.md: the recent-events query for one observable.
 * @module
 */
import { iqlString } from '../gti/iql.ts'
import type { Observable } from '../observables/observable.ts'
import { iqlField, lookupValue } from '../observables/observable-value.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The typed IQL filter `<type> = '<value>'`, `\` and `'` escaped with `\`;
 * `ipv6` is searched as `ip`, with the value in canonical form (v2 rule 6).
 */
export function iqlFilter(observable: Observable): string {
  return `${iqlField(observable.type)} = ${iqlString(lookupValue(observable))}`
}

/** Test tenants by account code, as events name them in `customer_id`. */
const TEST_ACCOUNT_CODES = "('dmo', 'chg')"

/**
 * The query of step 6: the typed filter, and when test accounts are not
 * allowed, only events outside them (v2 rule 1), so the limit counts only
 * what may be shown.
 */
export function eventsQuery(observable: Observable, allowTestAccounts: boolean): string {
  const filter = iqlFilter(observable)
  return allowTestAccounts ? filter : `${filter} AND customer_id NOT IN ${TEST_ACCOUNT_CODES}`
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
