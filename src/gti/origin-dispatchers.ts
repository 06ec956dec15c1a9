/**
 * One undici dispatcher per upstream origin: by default a keep-alive `Pool`
 * whose `connections` cap the sockets to that origin.
 * @module
 */
import type { Dispatcher } from 'undici'
import { Pool } from 'undici'

/** Makes the dispatcher of one origin (`https://host[:port]`). */
export type DispatcherFactory = (origin: string) => Dispatcher

/** The dispatchers of a client, created on first use. */
export interface OriginDispatchers {
  /** The dispatcher of `origin`, created on first use. */
  for(origin: string): Dispatcher
  /** Closes the pools this registry created; injected dispatchers belong to their maker. */
  close(): Promise<void>
}

/** A registry using `factory`, or default pools of `connectionsPerOrigin` sockets. */
export function createOriginDispatchers(
  connectionsPerOrigin: number,
  factory?: DispatcherFactory,
): OriginDispatchers {
  const dispatchers = new Map<string, Dispatcher>()
  const owned: Dispatcher[] = []
  const make =
    factory ??
    ((origin: string): Dispatcher => {
      const pool = new Pool(origin, { connections: connectionsPerOrigin, pipelining: 1 })
      owned.push(pool)
      return pool
    })
  return {
    for(origin) {
      let dispatcher = dispatchers.get(origin)
      if (dispatcher === undefined) {
        dispatcher = make(origin)
        dispatchers.set(origin, dispatcher)
      }
      return dispatcher
    },
    async close() {
      const closing = owned.splice(0).map((pool) => pool.close())
      dispatchers.clear()
      await Promise.all(closing)
    },
  }
}
