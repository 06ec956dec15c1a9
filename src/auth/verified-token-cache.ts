/**
 * XDR sends the same configuration token with every call of a session, and
 * an RS256 verification costs about half a millisecond of CPU. Verified
 * tokens are remembered, briefly and never past their `exp`.
 * @module
 */
import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import { type Clock, systemClock } from '../clock.ts'
import type { TokenClaims } from './token-claims.ts'

/** Remembers the claims of tokens that passed every check. */
export interface VerifiedTokenCache {
  /** The claims of a token verified for this audience, if still fresh. */
  get(token: string, audience: string): TokenClaims | undefined
  /** Remember a verified token until `min(exp, now + maxAgeMs)`. */
  set(token: string, audience: string, claims: TokenClaims, expSeconds: number | undefined): void
}

/** Options of {@link createVerifiedTokenCache}. */
export interface VerifiedTokenCacheOptions {
  /** Tokens kept; least recently used go first. Default 1000. */
  maxEntries?: number
  /** Longest a token is trusted without re-verification (key rotation takes this long to bite). Default 300000. */
  maxAgeMs?: number
  clock?: Clock
}

interface Entry {
  claims: TokenClaims
  untilMs: number
}

/** Create a bounded cache of verified tokens, keyed by a hash of audience and token. */
export function createVerifiedTokenCache(
  options: VerifiedTokenCacheOptions = {},
): VerifiedTokenCache {
  const clock = options.clock ?? systemClock
  const maxAgeMs = options.maxAgeMs ?? 300_000
  const entries = new LRUCache<string, Entry>({ max: options.maxEntries ?? 1000 })
  // A hash keeps neither the token nor its API key in the cache's keys.
  const keyOf = (token: string, audience: string) =>
    createHash('sha256').update(audience).update('\n').update(token).digest('base64url')
  return {
    get(token, audience) {
      const key = keyOf(token, audience)
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      if (clock.now() >= entry.untilMs) {
        entries.delete(key)
        return undefined
      }
      return entry.claims
    },
    set(token, audience, claims, expSeconds) {
      const now = clock.now()
      const untilMs = Math.min(
        now + maxAgeMs,
        expSeconds === undefined ? Infinity : expSeconds * 1000,
      )
      if (untilMs > now) entries.set(keyOf(token, audience), { claims, untilMs })
    },
  }
}
