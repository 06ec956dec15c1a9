/**
 * The settings that point a relay at a simulator: the one mapping from simulator URLs to relay
 * environment that the CLI, the local stack, the benchmarks and the tests share.
 * @module
 */
import type { SimulatorUrls } from '../simulator/index.ts'

/** The relay settings (environment names) for a simulator at `urls`. */
export function relayEnvFor(urls: SimulatorUrls): Record<string, string> {
  return {
    GTI_DETECTIONS_API_URL: urls.detections,
    GTI_EVENTS_API_URL: urls.events,
    GTI_ENTITY_API_URL: urls.entity,
    GTI_PORTAL_URL: urls.portal,
    JWKS_URL: urls.jwks,
  }
}

/** `export NAME=value` lines (values are URLs and paths: nothing to quote). */
export function exportLines(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([name, value]) => `export ${name}=${value}`)
}
