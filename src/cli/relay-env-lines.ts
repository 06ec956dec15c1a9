/**
 * The settings that point a relay at a simulator, as shell lines to paste.
 * @module
 */
import type { SimulatorUrls } from '../simulator/index.ts'

/** `[name, value]` pairs of the relay settings for a simulator at `urls`. */
export function relayEnvFor(urls: SimulatorUrls): Array<[string, string]> {
  return [
    ['GTI_DETECTIONS_API_URL', urls.detections],
    ['GTI_EVENTS_API_URL', urls.events],
    ['GTI_ENTITY_API_URL', urls.entity],
    ['GTI_PORTAL_URL', urls.portal],
    ['JWKS_URL', urls.jwks],
  ]
}

/** `export NAME=value` lines (values are URLs: nothing to quote). */
export function exportLines(env: ReadonlyArray<readonly [string, string]>): string[] {
  return env.map(([name, value]) => `export ${name}=${value}`)
}
