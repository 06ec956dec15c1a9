/**
 * Background traffic: events no detection points at, mostly benign, some
 * still mentioning the well-known observables so the events query finds
 * unrelated traffic too.
 * @module
 */
import { type SimEvent, WELL_KNOWN_OBSERVABLES } from './dataset.ts'
import { accountByCode, dnsServer, MINUTE, pickAccount, type World } from './dataset-world.ts'
import {
  buildEvent,
  type DomainEntry,
  type ExternalHost,
  type SimEventType,
} from './event-builders.ts'

/** The well-known background, then `count` random background events. */
export function backgroundTraffic(world: World, count: number): SimEvent[] {
  const events = wellKnownBackground(world)
  for (let i = 0; i < count; i++) events.push(backgroundEvent(world))
  return events
}

function pastTime(world: World): number {
  const rng = world.rng
  const age = rng.chance(0.92) ? rng.int(1, 7 * 24 * 60 - 1) : rng.int(7 * 24 * 60, 14 * 24 * 60)
  return world.now - age * MINUTE - rng.int(0, 59_999)
}

/** Unrelated traffic that still mentions the well-known observables, for the events query. */
function wellKnownBackground(world: World): SimEvent[] {
  const rng = world.rng
  const domain = world.maliciousDomains[0] as DomainEntry
  const server = world.externalByIp.get(WELL_KNOWN_OBSERVABLES.ip) as ExternalHost
  const out: SimEvent[] = []
  for (const code of ['acme', 'acme', 'acme', 'dmo', 'chg']) {
    const account = accountByCode(world, code)
    const client = rng.pick(account.hosts)
    const time = world.now - rng.int(10, 6 * 24 * 60) * MINUTE
    out.push(buildEvent('dns', rng, { time, client, server: account.resolver, domain }))
    out.push(buildEvent('flow', rng, { time: time + 2000, client, server }))
  }
  return out
}

const BACKGROUND_TYPES: readonly (readonly [SimEventType, number])[] = [
  ['flow', 30],
  ['dns', 25],
  ['http', 15],
  ['ssl', 12],
  ['x509', 5],
  ['pe', 2],
  ['ssh', 3],
  ['suricata', 4],
  ['kerberos', 4],
]

function backgroundEvent(world: World): SimEvent {
  const rng = world.rng
  const account = pickAccount(world)
  const client = rng.pick(account.hosts)
  const time = pastTime(world)
  const type = rng.weighted(BACKGROUND_TYPES)
  const anyDomain = (): DomainEntry =>
    rng.weighted([
      [rng.pick(world.benignDomains), 85],
      [rng.pick(world.internationalDomains), 8],
      [rng.pick(world.maliciousDomains), 7],
    ] as const)
  const onDomain = (domain: DomainEntry): ExternalHost =>
    world.externalByIp.get(rng.pick(domain.ips)) ?? rng.pick(world.benignHosts)
  switch (type) {
    case 'dns': {
      const domain = anyDomain()
      return buildEvent(type, rng, { time, client, server: dnsServer(world, account), domain })
    }
    case 'http':
    case 'ssl':
    case 'x509': {
      const domain = rng.chance(0.9) ? anyDomain() : undefined
      const server = domain ? onDomain(domain) : rng.pick(world.benignHosts)
      const file = type === 'http' && rng.chance(0.05) ? rng.pick(world.files) : undefined
      return buildEvent(type, rng, { time, client, server, domain, file })
    }
    case 'pe':
      return buildEvent(type, rng, {
        time,
        client,
        server: rng.pick(world.benignHosts),
        file: rng.pick(world.files),
      })
    case 'kerberos':
      return buildEvent(type, rng, { time, client, server: account.domainController })
    case 'ssh': {
      const inbound = rng.chance(0.2)
      const server = inbound ? rng.pick(world.maliciousHosts) : rng.pick(account.hosts)
      return buildEvent(type, rng, { time, client, server, inbound })
    }
    default: {
      const server = rng.chance(0.2)
        ? rng.pick(account.hosts)
        : rng.chance(0.9)
          ? rng.pick(world.benignHosts)
          : rng.pick(world.maliciousHosts)
      return buildEvent(type, rng, { time, client, server })
    }
  }
}
