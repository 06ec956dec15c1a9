/**
 * A {@link Cache} in Redis, shared by every replica that uses the same Redis
 * and key prefix. Values are JSON with a TTL (`SET … PX`); keys are the cache
 * keys of `cache/` (the API key only as its hash). While Redis is unavailable
 * every operation uses the in-process `local` cache instead, and deletions
 * made meanwhile are repeated in Redis when it is back.
 * @module
 */
import { type Cache, createSingleFlight } from '../cache/index.ts'
import { type RedisLink, UNAVAILABLE } from './redis-link.ts'

/** Options of {@link createRedisCache}. */
export interface RedisCacheOptions<V> {
  link: RedisLink
  /** Prepended to every key, e.g. `gti-relay:answers:`. */
  prefix: string
  /** The in-process cache used while Redis is unavailable. */
  local: Cache<V>
  /** A value whose JSON is longer than this is not stored in Redis. */
  maxValueBytes: number
}

/** Deletions remembered while Redis is down, at most this many. */
const MAX_PENDING_DELETES = 10_000

/** A Redis-backed cache with an in-process fallback. */
export function createRedisCache<V>(options: RedisCacheOptions<V>): Cache<V> {
  const { link, prefix, local } = options
  const loadOnce = createSingleFlight<V>()
  const pendingDeletes = new Set<string>()
  link.onReady(() => {
    const keys = [...pendingDeletes]
    pendingDeletes.clear()
    if (keys.length > 0) void link.run((client) => client.del(keys.map((key) => prefix + key)))
  })

  const get = async (key: string): Promise<V | undefined> => {
    const raw = await link.run((client) => client.get(prefix + key))
    if (raw === UNAVAILABLE) return local.get(key)
    if (raw === null || raw === undefined) return undefined
    try {
      return JSON.parse(String(raw)) as V
    } catch {
      return undefined
    }
  }
  const set = async (key: string, value: V, ttlMs: number): Promise<void> => {
    if (!(ttlMs > 0)) return
    const json = JSON.stringify(value)
    if (json === undefined || json.length > options.maxValueBytes) return
    const done = await link.run((client) =>
      client.set(prefix + key, json, { expiration: { type: 'PX', value: Math.ceil(ttlMs) } }),
    )
    if (done === UNAVAILABLE) await local.set(key, value, ttlMs)
  }

  return {
    get,
    set,
    getOrLoad(key, ttlMs, load) {
      return loadOnce(key, async () => {
        const cached = await get(key)
        if (cached !== undefined) return cached
        const value = await load()
        await set(key, value, ttlMs)
        return value
      })
    },
    async delete(key) {
      await local.delete(key)
      const done = await link.run((client) => client.del(prefix + key))
      if (done === UNAVAILABLE && pendingDeletes.size < MAX_PENDING_DELETES) pendingDeletes.add(key)
    },
  }
}
