/**
 * Cache keys that never hold an API key: the key is replaced by its SHA-256,
 * so a dump of the cache (or of a shared backend) reveals no credential.
 * @module
 */
import { createHash } from 'node:crypto'

/** What a cached answer depends on. */
export interface CacheKeyParts {
  /** What is cached, e.g. `tiles:detections`; keeps users of one backend apart. */
  scope: string
  /** The caller's ThreatINSIGHT API key; only its hash enters the key. */
  apiKey: string
  allowTestAccounts: boolean
  /** The query the value answers, in any stable text form. */
  query: string
}

/** SHA-256 of an API key, base64url. */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('base64url')
}

/** `<scope>|<sha256(key)>|<test flag>|<query>` */
export function cacheKey(parts: CacheKeyParts): string {
  const flag = parts.allowTestAccounts ? 'test' : 'notest'
  return `${parts.scope}|${hashApiKey(parts.apiKey)}|${flag}|${parts.query}`
}
