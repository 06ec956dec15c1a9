/**
 * Where the relay keeps state that replicas can share: caches and the
 * upstream back-off. With a Redis URL they live in Redis (with in-process
 * fallbacks while it is unavailable); without one, in process.
 * @module
 */
import type { Logger } from 'pino'
import type { Cache } from '../cache/index.ts'
import type { UpstreamGate } from '../gti/index.ts'
import { createMemoryGate, createRedisGate } from './backoff-gates.ts'
import { createRedisCache } from './redis-cache.ts'
import { createRedisLink, type RedisLink } from './redis-link.ts'

/** Redis settings, when a fleet shares state. */
export interface SharedStateOptions {
  redis?: {
    url: string
    keyPrefix: string
    connectTimeoutMs: number
    commandTimeoutMs: number
  }
  logger: Logger
  now: () => number
}

/** The fleet-state backend of one relay process. */
export interface SharedState {
  /** `'redis'` when a Redis URL is configured (even while it is down), else `'memory'`. */
  readonly backend: 'redis' | 'memory'
  /** Whether Redis answered last time (always false in memory). */
  readonly connected: boolean
  /** A cache for `scope`: in Redis when configured, falling back to `local`; else `local` itself. */
  cache<V>(scope: string, local: Cache<V>, maxValueBytes: number): Cache<V>
  /** The upstream back-off gate. */
  readonly gate: UpstreamGate
  /** Closes the Redis connection, if any. */
  close(): Promise<void>
}

/** Build the shared state; with Redis, connects in the background. */
export function createSharedState(options: SharedStateOptions): SharedState {
  const { redis, now } = options
  if (redis === undefined) {
    return {
      backend: 'memory',
      connected: false,
      cache: (_scope, local) => local,
      gate: createMemoryGate(now),
      close: async () => {},
    }
  }
  const link: RedisLink = createRedisLink({
    url: redis.url,
    connectTimeoutMs: redis.connectTimeoutMs,
    commandTimeoutMs: redis.commandTimeoutMs,
    logger: options.logger,
    now,
  })
  return {
    backend: 'redis',
    get connected() {
      return link.up
    },
    cache: (scope, local, maxValueBytes) =>
      createRedisCache({ link, prefix: `${redis.keyPrefix}${scope}:`, local, maxValueBytes }),
    gate: createRedisGate(link, redis.keyPrefix, now),
    close: () => link.close(),
  }
}
