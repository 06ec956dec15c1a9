/**
 * The relay's cache layer: one async interface, an in-process bounded
 * implementation, and keys that hash the API key.
 * @module
 */
export type { Cache } from './cache.ts'
export { type CacheKeyParts, cacheKey, hashApiKey } from './cache-key.ts'
export { createMemoryCache, type MemoryCacheOptions } from './memory-cache.ts'
export { createSingleFlight, type SingleFlight } from './single-flight.ts'
