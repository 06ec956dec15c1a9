/**
 * The simulated tenant's world: accounts with their sensors, internal hosts
 * and DHCP leases, external hosts, domains and files. Detections and
 * background traffic are drawn from it.
 * @module
 */
import { createHash } from 'node:crypto'
import {
  BENIGN_DOMAINS,
  DOMAIN_WORDS,
  HOSTNAME_STEMS,
  INTERNATIONAL_DOMAINS,
  NETWORK_OWNERS,
  PLACES,
  SUSPICIOUS_TLDS,
} from './catalog.ts'
import {
  DEMO_ACCOUNT_UUID,
  type DhcpLease,
  type SimAccount,
  type SimSensor,
  TRAINING_ACCOUNT_UUID,
  WELL_KNOWN_OBSERVABLES,
} from './dataset.ts'
import {
  type DomainEntry,
  type ExternalHost,
  type FileEntry,
  fileName,
  type InternalHost,
} from './event-builders.ts'
import type { Random } from './prng.ts'
import { isoMicros, isoMillis } from './time-format.ts'

/** One minute in milliseconds. */
export const MINUTE = 60_000
/** One hour in milliseconds. */
export const HOUR = 60 * MINUTE
/** One day in milliseconds. */
export const DAY = 24 * HOUR

/** How many of each thing the world and the dataset hold. */
export interface WorldCounts {
  hosts: number
  externalHosts: number
  domains: number
  files: number
}

/** An address present in two accounts at once, so DHCP answers can hold several accounts. */
const SHARED_INTERNAL_IP = '10.1.70.2'
const PUBLIC_FIRST_OCTETS = [
  5, 23, 31, 37, 46, 62, 77, 78, 85, 91, 94, 103, 104, 139, 141, 146, 151, 185, 193, 195, 203, 209,
  212, 217,
]

/** An account and its part of the network. */
export interface AccountWorld {
  account: SimAccount
  sensors: string[]
  hosts: InternalHost[]
  domainController: InternalHost
  resolver: InternalHost
  weight: number
}

/** Everything the generators draw from; `rng` is the one stream of the seed. */
export interface World {
  rng: Random
  now: number
  accounts: AccountWorld[]
  leases: DhcpLease[]
  benignHosts: ExternalHost[]
  maliciousHosts: ExternalHost[]
  externalByIp: Map<string, ExternalHost>
  publicResolver: ExternalHost
  benignDomains: DomainEntry[]
  internationalDomains: DomainEntry[]
  maliciousDomains: DomainEntry[]
  files: FileEntry[]
}

/** Build the world of a seed; `rng` is consumed in a fixed order, so the seed decides all. */
export function buildWorld(rng: Random, now: number, counts: WorldCounts, seed: number): World {
  const customer: SimAccount = {
    uuid: rng.uuid(),
    code: 'acme',
    name: 'Acme Corporation',
    test: false,
  }
  const demo: SimAccount = { uuid: DEMO_ACCOUNT_UUID, code: 'dmo', name: 'Demo', test: true }
  const training: SimAccount = {
    uuid: TRAINING_ACCOUNT_UUID,
    code: 'chg',
    name: 'Training',
    test: true,
  }
  const leases: DhcpLease[] = []
  const usedIps = new Set<string>([SHARED_INTERNAL_IP])
  const accountSpecs = [
    { account: customer, octet: 1, sensors: ['acme1', 'acme2'], share: 0.6, weight: 0.7 },
    { account: demo, octet: 20, sensors: ['dmo1'], share: 0.2, weight: 0.15 },
    { account: training, octet: 30, sensors: ['chg1'], share: 0.2, weight: 0.15 },
  ]
  const accounts = accountSpecs.map((spec): AccountWorld => {
    const hostCount = Math.max(3, Math.round(counts.hosts * spec.share))
    const hosts: InternalHost[] = []
    const sharedIp = spec.account.code === 'acme' || spec.account.code === 'chg'
    for (let i = 0; i < hostCount; i++) {
      let ip = sharedIp && i === 0 ? SHARED_INTERNAL_IP : ''
      while (ip === '') {
        const third = rng.int(70, Math.min(255, 79 + Math.floor(hostCount / 200)))
        const candidate = `10.${spec.octet}.${third}.${rng.int(2, 250)}`
        if (!usedIps.has(candidate)) ip = candidate
      }
      usedIps.add(ip)
      const host = { ip, accountCode: spec.account.code, sensorId: rng.pick(spec.sensors) }
      hosts.push(host)
      leases.push(...makeLeases(rng, now, host))
    }
    const server = (last: number): InternalHost => ({
      ip: `10.${spec.octet}.0.${last}`,
      accountCode: spec.account.code,
      sensorId: spec.sensors[0] ?? '',
    })
    return {
      account: spec.account,
      sensors: spec.sensors,
      hosts,
      domainController: server(10),
      resolver: server(53),
      weight: spec.weight,
    }
  })

  const externalByIp = new Map<string, ExternalHost>()
  const external = (owner: ExternalHost['owner'], place: ExternalHost['place'], ip?: string) => {
    let address = ip ?? ''
    while (address === '' || externalByIp.has(address)) {
      address = `${rng.pick(PUBLIC_FIRST_OCTETS)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`
    }
    const host: ExternalHost = { ip: address, owner, place }
    externalByIp.set(address, host)
    return host
  }
  const [vultr, google, microsoft, amazon, cloudflare, ...hosting] = NETWORK_OWNERS
  const [piscataway, mountainView, ...elsewhere] = PLACES
  if (!vultr || !google || !microsoft || !amazon || !cloudflare || !piscataway || !mountainView) {
    throw new Error('catalog is missing owners or places')
  }
  const publicResolver = external(google, mountainView, '8.8.8.8')
  const wellKnownHost = external(vultr, piscataway, WELL_KNOWN_OBSERVABLES.ip)
  const benignHosts: ExternalHost[] = []
  const maliciousHosts: ExternalHost[] = [wellKnownHost]
  for (let i = 0; i < counts.externalHosts; i++) {
    if (i % 2 === 0) {
      benignHosts.push(
        external(rng.pick([google, microsoft, amazon, cloudflare]), rng.pick(PLACES)),
      )
    } else {
      maliciousHosts.push(external(rng.pick([vultr, ...hosting]), rng.pick(elsewhere)))
    }
  }

  const domainOn = (name: string, pool: ExternalHost[]): DomainEntry => ({
    name,
    ips: Array.from(new Set([rng.pick(pool).ip, ...(rng.chance(0.3) ? [rng.pick(pool).ip] : [])])),
  })
  const benignDomains = BENIGN_DOMAINS.map((name) => domainOn(name, benignHosts))
  const internationalDomains = INTERNATIONAL_DOMAINS.map((name) => domainOn(name, maliciousHosts))
  const maliciousDomains: DomainEntry[] = [
    { name: WELL_KNOWN_OBSERVABLES.domain, ips: [wellKnownHost.ip] },
  ]
  const usedNames = new Set<string>([WELL_KNOWN_OBSERVABLES.domain])
  while (maliciousDomains.length < counts.domains) {
    const name = `${rng.pick(DOMAIN_WORDS)}${rng.pick(DOMAIN_WORDS)}${rng.chance(0.3) ? rng.int(1, 99) : ''}.${rng.pick(SUSPICIOUS_TLDS)}`
    if (usedNames.has(name)) continue
    usedNames.add(name)
    maliciousDomains.push(domainOn(name, maliciousHosts))
  }

  const files: FileEntry[] = [
    {
      name: 'invoice_2020.exe',
      mime_type: 'application/x-dosexec',
      bytes: 73_802,
      md5: WELL_KNOWN_OBSERVABLES.md5,
      sha1: WELL_KNOWN_OBSERVABLES.sha1,
      sha256: WELL_KNOWN_OBSERVABLES.sha256,
    },
  ]
  for (let i = 1; i < counts.files; i++) {
    const { name, mime } = fileName(rng)
    const content = `gti-simulator file ${seed} ${i}`
    const digest = (algorithm: string) => createHash(algorithm).update(content).digest('hex')
    // Zeek leaves hashes out when it could not see the whole file.
    const partial = rng.chance(0.1)
    files.push({
      name,
      mime_type: mime,
      bytes: rng.int(1_000, 5_000_000),
      md5: partial && rng.chance(0.5) ? null : digest('md5'),
      sha1: partial ? null : digest('sha1'),
      sha256: digest('sha256'),
    })
  }

  return {
    rng,
    now,
    accounts,
    leases,
    benignHosts,
    maliciousHosts,
    externalByIp,
    publicResolver,
    benignDomains,
    internationalDomains,
    maliciousDomains,
    files,
  }
}

function macAddress(rng: Random): string {
  return Array.from({ length: 6 }, () => rng.hex(2)).join(':')
}

function makeLeases(rng: Random, now: number, host: InternalHost): DhcpLease[] {
  // Some machines use static addresses and have no DHCP history at all.
  if (host.ip !== SHARED_INTERNAL_IP && rng.chance(0.05)) return []
  const device = () => ({
    mac: macAddress(rng),
    hostname: `${rng.pick(HOSTNAME_STEMS)}${String(rng.int(1, 999)).padStart(3, '0')}`,
  })
  const base = { ip: host.ip, account_code: host.accountCode, sensor_id: host.sensorId }
  const first = now - rng.int(15, 30) * DAY
  if (host.ip !== SHARED_INTERNAL_IP && rng.chance(0.25)) {
    const handover = now - rng.int(1 * 24, 6 * 24) * HOUR
    return [
      { ...base, ...device(), lease_start: isoMillis(first), lease_end: isoMillis(handover) },
      { ...base, ...device(), lease_start: isoMillis(handover), lease_end: null },
    ]
  }
  return [{ ...base, ...device(), lease_start: isoMillis(first), lease_end: null }]
}

/** The sensors of every account; drawn from `world.rng` after the events, so call it last. */
export function makeSensors(world: World): SimSensor[] {
  const rng = world.rng
  return world.accounts.flatMap((entry) =>
    entry.sensors.map((sensorId): SimSensor => {
      const place = rng.pick(PLACES)
      const created = world.now - rng.int(200, 900) * DAY
      return {
        sensor_id: sensorId,
        account_code: entry.account.code,
        created: isoMicros(created, rng),
        updated: isoMicros(created + rng.int(1, 150) * DAY, rng),
        disabled: false,
        location: { latitude: place.lat, longitude: place.lon },
        city: place.city ?? 'Unknown',
        subdivision: place.subdivision ?? '',
        country: place.country,
        tags: entry.account.test ? ['demo'] : [],
        pcap_enabled: rng.chance(0.5),
        serial_number: `GIG-${rng.hex(10).toUpperCase()}`,
        status: null,
        interfaces: null,
        admin: null,
      }
    }),
  )
}

/** An account picked by its weight. */
export function pickAccount(world: World): AccountWorld {
  return world.rng.weighted(world.accounts.map((entry) => [entry, entry.weight] as const))
}

/** The account with `code`. */
export function accountByCode(world: World, code: string): AccountWorld {
  const found = world.accounts.find((entry) => entry.account.code === code)
  if (found === undefined) throw new Error(`no account ${code}`)
  return found
}

/** The uuid of the customer (non-test) account. */
export function customerUuid(world: World): string {
  return accountByCode(world, 'acme').account.uuid
}

/** The resolver a host of `account` asks: mostly its own, sometimes a public one. */
export function dnsServer(world: World, account: AccountWorld): ExternalHost | InternalHost {
  return world.rng.chance(0.7) ? account.resolver : world.publicResolver
}
