/**
 * Copy-paste `curl` commands for every relay route, for the demo's closing
 * section.
 * @module
 */
import type { RequestedObservable } from './format-observe.ts'

/** Shell lines: set `TOKEN`, then call observe, refer, health, version and watchdog. */
export function curlExamples(
  relayUrl: string,
  token: string,
  observable: RequestedObservable,
): string[] {
  const body = `'${JSON.stringify([observable])}'`
  const json = `-H 'Content-Type: application/json'`
  const auth = `-H "Authorization: Bearer $TOKEN"`
  return [
    `export TOKEN=${token}`,
    `curl -s -X POST ${auth} ${json} -d ${body} ${relayUrl}/observe/observables`,
    `curl -s -X POST ${auth} ${json} -d ${body} ${relayUrl}/refer/observables`,
    `curl -s -X POST ${auth} ${relayUrl}/health`,
    `curl -s -X POST ${relayUrl}/version`,
    `curl -s -H 'Health-Check: demo' ${relayUrl}/watchdog`,
  ]
}
