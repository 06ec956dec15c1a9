/**
 * The relay's cache interface. Async so a shared backend (Redis) can sit
 * behind it later without changing callers; the in-process one is
 * `memory-cache.ts`.
 * @module
 */

/** A TTL cache of values by string key, with single-flight loading. */
export interface Cache<V> {
  /** The value stored under `key`, unless absent or expired. */
  get(key: string): Promise<V | undefined>
  /** Store `value` under `key` for `ttlMs` (a non-positive TTL stores nothing). */
  set(key: string, value: V, ttlMs: number): Promise<void>
  /**
   * The cached value, else the result of `load`, stored for `ttlMs` counted from when
   * the load started (the instant the value describes), not from when it finished.
   * Concurrent calls for one key while a load runs share that load's
   * promise; a failed load is not stored and every waiter sees its error.
   */
  getOrLoad(key: string, ttlMs: number, load: () => Promise<V>): Promise<V>
  /** Forget `key`. */
  delete(key: string): Promise<void>
}
