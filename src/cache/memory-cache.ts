/**
 * The in-process {@link Cache}: least recently used entries go first once
 * either bound (entries or estimated bytes) is reached; expiry is read from
 * an injected clock so tests control time.
 * @module
 */
import { LRUCache } from 'lru-cache'
import type { Clock } from '../clock.ts'
import type { Cache } from './cache.ts'
import { createSingleFlight } from './single-flight.ts'

/** Options of {@link createMemoryCache}. */
export interface MemoryCacheOptions<V> {
  maxEntries: number
  /** Bound on the sum of `sizeOf` over the entries; an entry larger than this is not kept. */
  maxBytes: number
  /** Estimated bytes of a value (at least 1). */
  sizeOf: (value: V) => number
  clock: Clock
}

interface Entry<V> {
  value: V
  expiresMs: number
}

/** A bounded in-process cache. */
export function createMemoryCache<V>(options: MemoryCacheOptions<V>): Cache<V> {
  const { clock, sizeOf } = options
  const entries = new LRUCache<string, Entry<V>>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (entry) => Math.max(1, Math.ceil(sizeOf(entry.value))),
  })
  const loadOnce = createSingleFlight<V>()

  const read = (key: string): V | undefined => {
    const entry = entries.get(key)
    if (entry === undefined) return undefined
    if (clock.now() >= entry.expiresMs) {
      entries.delete(key)
      return undefined
    }
    return entry.value
  }
  const write = (key: string, value: V, expiresMs: number): void => {
    if (!(expiresMs > clock.now())) return
    // lru-cache refuses (and drops) an entry larger than maxSize; that is the bound working.
    entries.set(key, { value, expiresMs })
  }

  return {
    async get(key) {
      return read(key)
    },
    async set(key, value, ttlMs) {
      if (ttlMs > 0) write(key, value, clock.now() + ttlMs)
    },
    getOrLoad(key, ttlMs, load) {
      const cached = read(key)
      if (cached !== undefined) return Promise.resolve(cached)
      // The TTL runs from the load's start: the value describes that instant, and callers
      // state validity from it (a tile's valid_time ends at read time + TTL).
      const expiresMs = clock.now() + ttlMs
      return loadOnce(key, async () => {
        const value = await load()
        if (ttlMs > 0) write(key, value, expiresMs)
        return value
      })
    },
    async delete(key) {
      entries.delete(key)
    },
  }
}
