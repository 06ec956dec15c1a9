/**
 * The upstream back-off ("this key must wait until …") of the ThreatINSIGHT
 * client: in process, or in Redis so that a 429 one replica sees stops every
 * replica. Keys are stored as their SHA-256; entries expire when the wait ends.
 * @module
 */
import { createSingleFlight, hashApiKey } from '../cache/index.ts'
import type { UpstreamGate } from '../gti/index.ts'
import { type RedisLink, UNAVAILABLE } from './redis-link.ts'

/** Keys remembered in process; the oldest go first past this. */
const MAX_BLOCKED_KEYS = 10_000

/** The hash of each recent key, so a call does not hash its key again. */
function createKeyHasher(): (apiKey: string) => string {
  const hashes = new Map<string, string>()
  return (apiKey) => {
    let hash = hashes.get(apiKey)
    if (hash === undefined) {
      if (hashes.size >= 1000) hashes.clear()
      hash = hashApiKey(apiKey)
      hashes.set(apiKey, hash)
    }
    return hash
  }
}

/** An in-process gate, by key hash. */
export function createMemoryGate(now: () => number): UpstreamGate & {
  blockedUntilHash(hash: string): number | undefined
  blockHash(hash: string, untilMs: number): void
} {
  const until = new Map<string, number>()
  const hashOf = createKeyHasher()
  const blockedUntilHash = (hash: string): number | undefined => {
    const value = until.get(hash)
    if (value === undefined) return undefined
    if (value <= now()) {
      until.delete(hash)
      return undefined
    }
    return value
  }
  const blockHash = (hash: string, untilMs: number): void => {
    if (untilMs <= now()) return
    const previous = until.get(hash)
    if (previous !== undefined && previous >= untilMs) return
    until.delete(hash)
    if (until.size >= MAX_BLOCKED_KEYS) {
      const oldest = until.keys().next().value
      if (oldest !== undefined) until.delete(oldest)
    }
    until.set(hash, untilMs)
  }
  return {
    blockedUntilHash,
    blockHash,
    async blockedUntil(apiKey) {
      return blockedUntilHash(hashOf(apiKey))
    },
    block(apiKey, untilMs) {
      blockHash(hashOf(apiKey), untilMs)
    },
  }
}

/**
 * A gate in Redis (`<prefix>backoff|<hash>` = until, expiring then) in front of
 * the in-process one: a key this replica saw blocked costs no Redis read, and
 * concurrent checks of one key share one read.
 */
export function createRedisGate(link: RedisLink, prefix: string, now: () => number): UpstreamGate {
  const local = createMemoryGate(now)
  const hashOf = createKeyHasher()
  const readOnce = createSingleFlight<number | undefined>()
  const keyOf = (hash: string) => `${prefix}backoff|${hash}`

  const readShared = (hash: string): Promise<number | undefined> =>
    readOnce(hash, async () => {
      const raw = await link.run((client) => client.get(keyOf(hash)))
      if (raw === UNAVAILABLE || raw === null || raw === undefined) return undefined
      const value = Number(raw)
      if (!Number.isFinite(value)) return undefined
      local.blockHash(hash, value)
      return value > now() ? value : undefined
    })

  return {
    async blockedUntil(apiKey) {
      const hash = hashOf(apiKey)
      return local.blockedUntilHash(hash) ?? readShared(hash)
    },
    block(apiKey, untilMs) {
      const hash = hashOf(apiKey)
      local.blockHash(hash, untilMs)
      const waitMs = Math.ceil(untilMs - now())
      if (waitMs <= 0) return
      void link.run((client) =>
        client.set(keyOf(hash), String(untilMs), { expiration: { type: 'PX', value: waitMs } }),
      )
    },
  }
}
