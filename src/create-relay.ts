/**
 * Wiring of the real dependencies from settings: the ThreatINSIGHT client,
 * the key resolver, the logger and the clock. Each may be overridden.
 * @module
 */
import type { Logger } from 'pino'
import { createKeyResolver } from './auth/index.ts'
import { type Clock, systemClock } from './clock.ts'
import type { Settings } from './config/settings.ts'
import { createSharedState } from './fleet-state/index.ts'
import { createGtiClient } from './gti/index.ts'
import type { RelayDeps } from './http/relay-deps.ts'
import { createLogger } from './logging/create-logger.ts'
import { VERSION } from './version.ts'

/** A relay's dependencies plus a way to release them. */
export interface Relay {
  deps: RelayDeps
  close(): Promise<void>
}

/** Build the dependencies of a relay; pass overrides to replace any of them. */
export function createRelay(
  settings: Settings,
  overrides: Partial<Omit<RelayDeps, 'settings'>> & { logger?: Logger; clock?: Clock } = {},
): Relay {
  const logger = overrides.logger ?? createLogger({ level: settings.logLevel })
  const clock = overrides.clock ?? systemClock
  // Resources created here are closed here; injected ones belong to their maker.
  const ownKeys = overrides.keys ? undefined : createKeyResolver({ clock, logger })
  const ownShared = overrides.shared
    ? undefined
    : createSharedState({
        ...(settings.redis === undefined ? {} : { redis: settings.redis }),
        logger,
        now: () => clock.now(),
      })
  const shared = overrides.shared ?? ownShared
  if (shared === undefined) throw new TypeError('unreachable: no shared state')
  const ownGti = overrides.gti
    ? undefined
    : createGtiClient({ settings: settings.gti, clock, version: VERSION, gate: shared.gate })
  const keys = overrides.keys ?? ownKeys
  const gti = overrides.gti ?? ownGti
  if (keys === undefined || gti === undefined) throw new TypeError('unreachable: no dependencies')
  if (settings.auth.jwksUrl !== undefined) {
    logger.warn(
      { jwksUrl: settings.auth.jwksUrl },
      'JWKS_URL is set: configuration tokens are checked against that one key set (development only)',
    )
  }
  const deps: RelayDeps = {
    ...overrides,
    settings,
    logger,
    clock,
    keys,
    gti,
    shared,
    version: VERSION,
  }
  return {
    deps,
    close: async () => {
      await Promise.allSettled([ownGti?.close(), ownKeys?.close(), ownShared?.close()])
    },
  }
}
