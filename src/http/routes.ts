/**
 * The relay's routes: one table, each entry carrying its method, URL, whether
 * it needs a configuration token, and its handler (in `handlers/`, one file
 * per concern). Both transports route through it (`dispatch.ts`); failures are
 * thrown and mapped in one place (`error-mapper.ts`).
 * @module
 */
import { deliberate } from './handlers/deliberate.ts'
import { health, version, watchdog } from './handlers/health.ts'
import { observe } from './handlers/observe.ts'
import { refer } from './handlers/refer.ts'
import { respond, trigger } from './handlers/respond.ts'
import { tile, tileDataOf, tiles } from './handlers/tiles.ts'
import type { AuthedRouteContext, RouteContext } from './route-context.ts'

/** One route of the relay API and its one allowed method (GET also answers HEAD). */
export type RelayRoute =
  | {
      method: 'GET' | 'POST' | 'PUT' | 'DELETE'
      url: string
      auth: true
      handle(ctx: AuthedRouteContext): Promise<unknown>
    }
  | {
      method: 'GET' | 'POST' | 'PUT' | 'DELETE'
      url: string
      auth: false
      handle(ctx: RouteContext): Promise<unknown>
    }

/** Every route of the relay API; the `supported-apis` of the module type follow this table. */
export const RELAY_ROUTES: readonly RelayRoute[] = [
  { method: 'POST', url: '/health', auth: true, handle: health },
  { method: 'POST', url: '/observe/observables', auth: true, handle: observe },
  { method: 'POST', url: '/deliberate/observables', auth: true, handle: deliberate },
  { method: 'POST', url: '/refer/observables', auth: true, handle: refer },
  { method: 'POST', url: '/respond/observables', auth: true, handle: respond },
  { method: 'POST', url: '/respond/trigger', auth: true, handle: trigger },
  { method: 'POST', url: '/tiles', auth: true, handle: tiles },
  { method: 'POST', url: '/tiles/tile', auth: true, handle: tile },
  { method: 'POST', url: '/tiles/tile-data', auth: true, handle: tileDataOf },
  { method: 'POST', url: '/version', auth: false, handle: version },
  { method: 'GET', url: '/watchdog', auth: false, handle: watchdog },
]
