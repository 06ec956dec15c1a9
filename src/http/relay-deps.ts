/**
 * The relay's injected dependencies, and the wiring of the real ones. Entry
 * points (server, Lambda, CLI) build these once per process.
 * @module
 */
import type { Logger } from 'pino'
import type { KeyResolver } from '../auth/index.ts'
import type { Clock } from '../clock.ts'
import type { Settings } from '../config/settings.ts'
import type { ConsoleOptions } from '../console/console-options.ts'
import type { SharedState } from '../fleet-state/index.ts'
import type { ObserveUpstream, UpstreamCall } from '../observe/upstream.ts'
import type { RespondUpstream } from '../respond/upstream.ts'
import type { TilesUpstream } from '../tiles/index.ts'

/** ThreatINSIGHT as the routes use it. */
export interface RelayUpstream extends ObserveUpstream, RespondUpstream, TilesUpstream {
  /** One cheap authenticated call that proves the key. */
  probe(call: UpstreamCall): Promise<void>
}

/** Everything `buildApp` needs from outside. */
export interface RelayDeps {
  settings: Settings
  logger: Logger
  clock: Clock
  keys: KeyResolver
  gti: RelayUpstream
  version: string
  /** Caches and back-off, in Redis for a fleet; in process when absent. */
  shared?: SharedState
  /** Transient id source (uuid v4); injected for reproducible tests. */
  newId?: () => string
  /** Serve the browser console at `/console`; set only by the `console` command, never by the server or Lambda entries. */
  console?: ConsoleOptions
}
