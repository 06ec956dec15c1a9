/**
 * Step 8 of observe.md: which internal hosts to look up, and the answer
 * grouped by ip.
 * @module
 */

import type { DhcpByIp, KeptEvent } from '../ctim/findings.ts'
import type { DhcpEntity, DhcpRecord } from '../gti/index.ts'

/** Internal `src`/`dst` ips of the kept events, each with the time of its first kept event. */
export function dhcpEntities(events: readonly KeptEvent[]): DhcpEntity[] {
  const seen = new Map<string, string>()
  for (const { event } of events) {
    for (const side of [event.src, event.dst]) {
      if (side?.internal !== true) continue
      const ip = side.ip
      if (typeof ip !== 'string' || ip === '' || seen.has(ip)) continue
      seen.set(ip, event.timestamp)
    }
  }
  return [...seen].map(([ip, event_time]) => ({ ip, event_time }))
}

/** DHCP records grouped by their `ip`, answer order kept. */
export function groupDhcp(records: readonly DhcpRecord[]): DhcpByIp {
  const byIp = new Map<string, DhcpRecord[]>()
  for (const record of records) {
    if (typeof record.ip !== 'string') continue
    const list = byIp.get(record.ip)
    if (list === undefined) byIp.set(record.ip, [record])
    else list.push(record)
  }
  return byIp
}
