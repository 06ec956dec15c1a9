/**
 * State a fleet of relays shares through Redis (caches, upstream back-off),
 * or keeps in process without it.
 * @module
 */
export { createMemoryGate, createRedisGate } from './backoff-gates.ts'
export { createSharedState, type SharedState, type SharedStateOptions } from './fleet-state.ts'
export { createRedisCache, type RedisCacheOptions } from './redis-cache.ts'
export {
  createRedisLink,
  type RedisLink,
  type RedisLinkOptions,
  UNAVAILABLE,
} from './redis-link.ts'
