/**
 * The sighting target: the internal device of an event (observe.md, Targets).
 * @module
 */
import type { GtiEvent } from '../gti/schemas.ts'
import { fieldOf, nonEmptyString } from './fields.ts'
import type { DhcpByIp } from './findings.ts'
import type { CtimObservable, ObservedTime, Target } from './types.ts'

/**
 * One endpoint for the first of `src`, `dst` that is internal and has an ip, or
 * `[]`. Its observables are the ip, then `hostname` and `mac_address` from the first
 * DHCP record of that ip whose `account_code` equals the event's `customer_id`
 * (both strings), each only when non-empty.
 */
export function buildTargets(
  event: GtiEvent,
  observedTime: ObservedTime,
  dhcp: DhcpByIp,
): Target[] {
  for (const side of [event.src, event.dst]) {
    const ip = nonEmptyString(fieldOf(side, 'ip'))
    if (fieldOf(side, 'internal') !== true || ip === undefined) continue

    const observables: CtimObservable[] = [{ type: 'ip', value: ip }]
    const customer = event.customer_id
    const record =
      typeof customer === 'string'
        ? dhcp.get(ip)?.find((candidate) => candidate.account_code === customer)
        : undefined
    const hostname = nonEmptyString(record?.hostname)
    const mac = nonEmptyString(record?.mac)
    if (hostname !== undefined) observables.push({ type: 'hostname', value: hostname })
    if (mac !== undefined) observables.push({ type: 'mac_address', value: mac })

    return [{ type: 'endpoint', observed_time: { ...observedTime }, observables }]
  }
  return []
}
