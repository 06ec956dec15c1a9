/**
 * The start-up lines of a listening relay, the same for `npm start` and
 * `gti-relay serve`: where it listens, and which audience rule it applies.
 * @module
 */
import type { Logger } from 'pino'
import type { Settings } from '../config/settings.ts'
import { describeAudienceRule } from './audience.ts'

/** Log that the relay at `url` is listening, and its configuration-token audience rule. */
export function logListening(log: Logger, url: string, settings: Settings, version: string): void {
  log.info({ url, region: settings.region, version }, 'gti-relay listening')
  log.info(
    { audience: describeAudienceRule(settings.auth, 'server') },
    'configuration-token audience',
  )
}
