/**
 * The module settings XDR puts into the configuration token, and the lenient parsing of the two
 * optional ones (observe.md "Claims").
 * @module
 */

/** What a verified configuration token grants. */
export interface TokenClaims {
  /** The ThreatINSIGHT API key, checked to be sendable as `IBToken <key>`. */
  apiKey: string
  /** How many events one observable may answer, 1..1000. */
  entitiesLimit: number
  /** Whether events of the Demo and Training accounts are kept. */
  allowTestAccounts: boolean
  /** Whether the response actions (resolving detections) are on: `GTI_ENABLE_RESPONSE_ACTIONS`; absent is off. */
  enableResponseActions?: boolean
}

/** Limit used when the claim is absent, unusable or not positive. */
export const DEFAULT_ENTITIES_LIMIT = 100

/** Upper bound of the entities limit. */
export const MAX_ENTITIES_LIMIT = 1000

const DIGITS = /^[ \t\n\r\f\v]*\+?([0-9]+)[ \t\n\r\f\v]*$/

/**
 * `CTR_ENTITIES_LIMIT` as an integer in 1..1000: a JSON integer, a number truncated toward zero,
 * or a string of decimal digits (surrounding whitespace and a leading `+` allowed). Anything else
 * counts as absent. Absent or ≤ 0 → 100; over 1000 → 1000.
 */
export function parseEntitiesLimit(value: unknown): number {
  let limit: number | undefined
  if (typeof value === 'number' && Number.isFinite(value)) {
    limit = Math.trunc(value)
  } else if (typeof value === 'string') {
    const digits = DIGITS.exec(value)?.[1]
    // Very long digit strings become Infinity, which the upper bound below absorbs.
    if (digits !== undefined) limit = Number(digits)
  }
  if (limit === undefined || !(limit > 0)) return DEFAULT_ENTITIES_LIMIT
  return Math.min(limit, MAX_ENTITIES_LIMIT)
}

const YES_STRINGS = new Set(['true', '1', 'yes'])

/**
 * `GTI_ALLOW_TEST_ACCOUNTS`: JSON `true`, the number `1`, or the strings `true`, `1`, `yes` in any
 * case. Anything else, absent included, is `false`.
 */
export function parseAllowTestAccounts(value: unknown): boolean {
  if (value === true || value === 1) return true
  return typeof value === 'string' && YES_STRINGS.has(value.toLowerCase())
}

/** `GTI_ENABLE_RESPONSE_ACTIONS`: read as `GTI_ALLOW_TEST_ACCOUNTS` is; absent means off. */
export const parseEnableResponseActions: (value: unknown) => boolean = parseAllowTestAccounts
