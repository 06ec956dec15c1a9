/**
 * When a failed ThreatINSIGHT request is tried again, and after how long.
 * Every call the client makes is read-only (the events query and the DHCP
 * bulk lookup change nothing), so all of them may be retried.
 * @module
 */
import { isConnectionReset } from './classify-failure.ts'
import type { GtiError } from './gti-error.ts'

/** Retry settings. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  limit: number
  /** Backoff before the first retry, doubled for each next one. Default 100 ms. */
  baseDelayMs: number
  /** Ceiling of the computed backoff. Default 2000 ms. */
  maxDelayMs: number
  /** A longer Retry-After means giving up at once. Default 10 000 ms. */
  maxRetryAfterMs: number
}

/** The defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: Readonly<RetryOptions> = {
  limit: 2,
  baseDelayMs: 100,
  maxDelayMs: 2000,
  maxRetryAfterMs: 10_000,
}

/** Statuses that say "try again later"; 401, 403, 400 and 404 never are. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504])

/**
 * Whether this failure may be retried. Timeouts are not: the budget is spent.
 * Resets are, including a keep-alive socket the server closed while it was idle.
 */
export function isRetryable(error: GtiError): boolean {
  if (error.status !== undefined) return RETRYABLE_STATUSES.has(error.status)
  return error.kind === 'network' && isConnectionReset(error.cause)
}

/**
 * Backoff before retry number `retry` (1-based): exponential, capped, with
 * "equal jitter" (half fixed, half random): callers that failed together do
 * not retry in lockstep, and none retries immediately.
 */
export function backoffDelayMs(retry: number, options: RetryOptions, random: () => number): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1))
  const half = exponential / 2
  return Math.round(half + random() * half)
}

/** The delay a `Retry-After` header asks for (seconds or an HTTP date), if it is readable. */
export function parseRetryAfterMs(
  value: string | string[] | undefined,
  nowMs: number,
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  if (text === undefined || text === '') return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // An HTTP date always names a day or month; this keeps Date.parse off bare numbers like `-1`.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - nowMs)
}
