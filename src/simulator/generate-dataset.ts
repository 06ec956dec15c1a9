/**
 * Generates a deterministic simulated tenant: accounts, sensors, internal
 * hosts with DHCP leases, external hosts, domains, files, rules, detections
 * and the events behind them, plus background traffic.
 * @module
 */
import { createHash } from 'node:crypto'
import { SECONDARY_ATTACK_IDS } from './attack-ids.ts'
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
  type Dataset,
  DEMO_ACCOUNT_UUID,
  type DhcpLease,
  type SimAccount,
  type SimDetection,
  type SimEvent,
  type SimIndicator,
  type SimRule,
  type SimSensor,
  TRAINING_ACCOUNT_UUID,
  WELL_KNOWN_OBSERVABLES,
} from './dataset.ts'
import { applyMutes, detectionTiming, laterThan, maxSpanMs } from './detection-timeline.ts'
import {
  buildEvent,
  type DomainEntry,
  type EventContext,
  type ExternalHost,
  type FileEntry,
  fileName,
  type InternalHost,
  type SimEventType,
} from './event-builders.ts'
import { splitField, valuesAtPath } from './field-values.ts'
import { moreObservableEvents } from './more-observables.ts'
import { createRandom, type Random } from './prng.ts'
import { RULE_TEMPLATES, type RuleTemplate } from './rule-catalog.ts'
import { isoMicros, isoMillis } from './time-format.ts'

/** Named dataset sizes; `small` generates in a few tens of milliseconds. */
export type DatasetSizeName = 'small' | 'medium' | 'large'

/** Explicit sizes; omitted counts scale from `events`. */
export interface DatasetCounts {
  /** Background events (detection events come on top). */
  events: number
  /** Detections, the well-known ones included (at least 6 are always made). */
  detections: number
  /** Internal hosts over all accounts. */
  hosts?: number
  externalHosts?: number
  /** Malicious domains (benign and internationalised ones are fixed lists). */
  domains?: number
  files?: number
}

/** Options of {@link generateDataset}. */
export interface GenerateDatasetOptions {
  /** Default 1. */
  seed?: number
  /** Default `small`. */
  size?: DatasetSizeName | DatasetCounts
  /** The instant timestamps are relative to; default the current time. */
  now?: Date | number | string
}

const SIZES: Record<DatasetSizeName, Required<DatasetCounts>> = {
  small: { events: 2000, detections: 40, hosts: 40, externalHosts: 60, domains: 20, files: 25 },
  medium: {
    events: 20_000,
    detections: 300,
    hosts: 300,
    externalHosts: 400,
    domains: 80,
    files: 150,
  },
  large: {
    events: 100_000,
    detections: 1500,
    hosts: 1500,
    externalHosts: 1500,
    domains: 300,
    files: 600,
  },
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Owner of the vendor's global rules (seen in upstream examples). */
const RULE_OWNER_UUID = 'b1f533b5-6360-494a-9f8b-9d90f1ad0207'
/** An address present in two accounts at once, so DHCP answers can hold several accounts. */
const SHARED_INTERNAL_IP = '10.1.70.2'
const PUBLIC_FIRST_OCTETS = [
  5, 23, 31, 37, 46, 62, 77, 78, 85, 91, 94, 103, 104, 139, 141, 146, 151, 185, 193, 195, 203, 209,
  212, 217,
]
const RESOLUTIONS = [
  'true_positive_mitigated',
  'true_positive_no_action',
  'false_positive',
  'unknown',
]

interface AccountWorld {
  account: SimAccount
  sensors: string[]
  hosts: InternalHost[]
  domainController: InternalHost
  resolver: InternalHost
  weight: number
}

interface World {
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

/** Generates a tenant; the same seed, size and `now` always give the same JSON. */
export function generateDataset(options: GenerateDatasetOptions = {}): Dataset {
  const seed = options.seed ?? 1
  const now = Math.floor(new Date(options.now ?? Date.now()).getTime())
  if (Number.isNaN(now)) throw new TypeError('generateDataset: `now` is not a valid date')
  const counts = resolveCounts(options.size ?? 'small')
  const rng = createRandom(seed)
  const world = buildWorld(rng, now, counts, seed)

  const rules = RULE_TEMPLATES.map((template) => makeRule(world, template))
  const ruleByKey = new Map(
    RULE_TEMPLATES.map((template, i) => [template.key, rules[i] as SimRule]),
  )
  const detections: SimDetection[] = []
  const detectionEvents: Record<string, string[]> = {}
  const events: SimEvent[] = []
  const addDetection = (template: RuleTemplate, plan: DetectionPlan): void => {
    const rule = ruleByKey.get(template.key)
    if (rule === undefined) return
    const made = makeDetection(world, template, rule, plan)
    detections.push(made.detection)
    detectionEvents[made.detection.uuid] = made.events.map((event) => event.uuid)
    for (const event of made.events) events.push(event)
  }

  for (const [key, plan] of wellKnownPlans(world)) addDetection(templateByKey(key), plan)
  const wellKnownCount = detections.length
  const templateWeights = RULE_TEMPLATES.map((template) => [template, template.weight] as const)
  while (detections.length < counts.detections) {
    const accountWorld = pickAccount(world)
    const template = rng.weighted(templateWeights)
    const device = rng.pick(accountWorld.hosts)
    const span = maxSpanMs(template.events.length, template.repeat)
    addDetection(template, { account: accountWorld, device, ...detectionTiming(rng, now, span) })
  }
  // A separate stream, so muting changes nothing else the seed produces.
  applyMutes(createRandom(seed + 0x6d757465), detections, customerUuid(world), now, wellKnownCount)

  for (const event of wellKnownBackground(world)) events.push(event)
  for (let i = 0; i < counts.events; i++) events.push(backgroundEvent(world))
  events.push(...moreObservableEvents({ seed, now, accounts: eventAccounts(world) }))
  sortNewestFirst(events)

  return {
    version: 1,
    seed,
    now: isoMillis(now),
    accounts: world.accounts.map((entry) => entry.account),
    sensors: makeSensors(world),
    leases: world.leases,
    rules,
    detections,
    detectionEvents,
    events,
  }
}

/** Where the events of the v2 observable types happen: one host and sensor per account. */
function eventAccounts(world: World) {
  return world.accounts.flatMap((entry) => {
    const host = entry.hosts[0]
    const sensorId = entry.sensors[0]
    if (host === undefined || sensorId === undefined) return []
    return [{ code: entry.account.code, sensorId, internalIp: host.ip, test: entry.account.test }]
  })
}

function resolveCounts(size: DatasetSizeName | DatasetCounts): Required<DatasetCounts> {
  if (typeof size === 'string') {
    const named = SIZES[size]
    if (named === undefined) throw new TypeError(`generateDataset: unknown size ${String(size)}`)
    return named
  }
  const scale = Math.max(1, size.events / 2000)
  return {
    events: Math.max(0, Math.floor(size.events)),
    detections: Math.max(0, Math.floor(size.detections)),
    hosts: size.hosts ?? Math.ceil(40 * scale),
    externalHosts: size.externalHosts ?? Math.ceil(60 * scale),
    domains: size.domains ?? Math.ceil(20 * Math.sqrt(scale)),
    files: size.files ?? Math.ceil(25 * Math.sqrt(scale)),
  }
}

/** Sorts on extracted keys: comparing the large event objects directly is several times slower. */
function sortNewestFirst(events: SimEvent[]): void {
  const keyed = events.map((event) => ({ key: `${event.timestamp} ${event.uuid}`, event }))
  keyed.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0))
  keyed.forEach((entry, i) => {
    events[i] = entry.event
  })
}

function customerUuid(world: World): string {
  return accountByCode(world, 'acme').account.uuid
}

function templateByKey(key: string): RuleTemplate {
  const template = RULE_TEMPLATES.find((candidate) => candidate.key === key)
  if (template === undefined) throw new Error(`no rule template ${key}`)
  return template
}

function buildWorld(
  rng: Random,
  now: number,
  counts: Required<DatasetCounts>,
  seed: number,
): World {
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
      for (const lease of makeLeases(rng, now, host)) leases.push(lease)
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

function makeSensors(world: World): SimSensor[] {
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

function makeRule(world: World, template: RuleTemplate): SimRule {
  const rng = world.rng
  const created = world.now - rng.int(30, 400) * DAY
  const updated = created + rng.int(0, 25) * DAY + 1
  const author = rng.uuid()
  return {
    uuid: rng.uuid(),
    account_uuid: RULE_OWNER_UUID,
    name: template.name,
    category: template.category,
    description: template.description,
    severity: template.severity,
    confidence: template.confidence,
    created: isoMicros(created, rng),
    updated: isoMicros(updated, rng),
    critical_updated: isoMicros(updated, rng),
    created_user_uuid: author,
    updated_user_uuid: author,
    enabled: true,
    query_signature: template.querySignature,
    auto_resolution_minutes: rng.pick([0, 10080, 43200]),
    device_ip_fields: ['DEFAULT'],
    indicator_fields: [...template.indicatorFields],
    primary_attack_id: template.attackId,
    secondary_attack_id: SECONDARY_ATTACK_IDS[template.key] ?? null,
    specificity: template.specificity,
    source_excludes: rng.chance(0.3) ? ['Zscaler'] : [],
    run_account_uuids: world.accounts.map((entry) => entry.account.uuid),
    shared_account_uuids: [],
  }
}

interface DetectionPlan {
  account: AccountWorld
  device: InternalHost
  status: SimDetection['status']
  start: number
  domain?: DomainEntry
  server?: ExternalHost
  file?: FileEntry
}

function pickAccount(world: World): AccountWorld {
  return world.rng.weighted(world.accounts.map((entry) => [entry, entry.weight] as const))
}

function accountByCode(world: World, code: string): AccountWorld {
  const found = world.accounts.find((entry) => entry.account.code === code)
  if (found === undefined) throw new Error(`no account ${code}`)
  return found
}

/** The detections that make the well-known observables findable, across all three accounts. */
function wellKnownPlans(world: World): [string, DetectionPlan][] {
  const rng = world.rng
  const domain = world.maliciousDomains[0]
  const file = world.files[0]
  const server = world.externalByIp.get(WELL_KNOWN_OBSERVABLES.ip)
  if (!domain || !file || !server) throw new Error('well-known observables are missing')
  const acme = accountByCode(world, 'acme')
  const training = accountByCode(world, 'chg')
  const demo = accountByCode(world, 'dmo')
  const recent = () => world.now - rng.int(3 * 60, 3 * 24 * 60) * MINUTE
  const plan = (account: AccountWorld, device: InternalHost, status: SimDetection['status']) => ({
    account,
    device,
    status,
    start: recent(),
    domain,
    server,
    file,
  })
  const hostOf = (account: AccountWorld, index: number): InternalHost =>
    account.hosts[index % account.hosts.length] as InternalHost
  return [
    ['exe-download', plan(acme, hostOf(acme, 0), 'active')],
    ['pe-download', plan(acme, hostOf(acme, 1), 'active')],
    ['bad-sni', plan(acme, hostOf(acme, 2), 'active')],
    ['beacon', plan(acme, hostOf(acme, 0), 'resolved')],
    ['exe-download', plan(training, hostOf(training, 0), 'active')],
    ['bad-sni', plan(demo, hostOf(demo, 0), 'active')],
  ]
}

function leaseAt(world: World, host: InternalHost, time: number): DhcpLease | undefined {
  return world.leases.find(
    (lease) =>
      lease.ip === host.ip &&
      lease.account_code === host.accountCode &&
      Date.parse(lease.lease_start) <= time &&
      (lease.lease_end === null || time < Date.parse(lease.lease_end)),
  )
}

function generatedDomain(world: World): DomainEntry {
  const rng = world.rng
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789'
  let label = ''
  const length = rng.int(12, 20)
  for (let i = 0; i < length; i++) label += letters[rng.int(0, letters.length - 1)]
  return { name: `${label}.${rng.pick(SUSPICIOUS_TLDS)}`, ips: [rng.pick(world.maliciousHosts).ip] }
}

function makeDetection(
  world: World,
  template: RuleTemplate,
  rule: SimRule,
  plan: DetectionPlan,
): { detection: SimDetection; events: SimEvent[] } {
  const rng = world.rng
  let domain = plan.domain
  let server: ExternalHost | InternalHost | undefined = plan.server
  switch (template.target) {
    case 'malicious-domain':
      domain ??= rng.pick(world.maliciousDomains)
      break
    case 'generated-domain':
      domain ??= generatedDomain(world)
      break
    case 'international-domain':
      domain ??= rng.pick(world.internationalDomains)
      break
    case 'domain-controller':
      server = plan.account.domainController
      break
    default:
      domain = undefined
  }
  if (template.target.endsWith('domain') && domain !== undefined) {
    server ??= world.externalByIp.get(rng.pick(domain.ips))
  }
  server ??= rng.pick(world.maliciousHosts)
  const file = template.withFile ? (plan.file ?? rng.pick(world.files)) : undefined
  const inbound = template.target === 'inbound-attacker'

  const events: SimEvent[] = []
  let time = plan.start
  for (const type of template.events) {
    const count = rng.int(1, template.repeat)
    for (let i = 0; i < count; i++) {
      time += rng.int(5, 900) * 1000 + rng.int(0, 999)
      const context: EventContext = {
        time,
        client: plan.device,
        server: type === 'dns' ? dnsServer(world, plan.account) : server,
        domain,
        file,
        inbound,
        overrides: template.eventOverrides?.[type],
      }
      events.push(buildEvent(type, rng, context))
    }
  }

  const first = plan.start + 1
  const last = time
  const created = isoMicros(last + rng.int(1, 10) * MINUTE, rng)
  const createdMs = Date.parse(created)
  const resolved = plan.status === 'resolved'
  const resolvedAt = isoMicros(laterThan(rng, createdMs, world.now, 48 * HOUR), rng)
  const muted = !resolved && rng.chance(0.03)
  const lease = leaseAt(world, plan.device, events[0] ? Date.parse(events[0].timestamp) : first)
  const detection: SimDetection = {
    uuid: rng.uuid(),
    rule_uuid: rule.uuid,
    account_uuid: plan.account.account.uuid,
    device_ip: plan.device.ip,
    sensor_id: plan.device.sensorId,
    status: plan.status,
    first_seen: isoMicros(events[0] ? Date.parse(events[0].timestamp) : first, rng),
    last_seen: isoMicros(last, rng),
    created,
    updated: resolved ? resolvedAt : created,
    event_count: events.length,
    hostname: lease !== undefined && rng.chance(0.7) ? lease.hostname : null,
    username: rng.chance(0.1) ? 'jdoe' : null,
    muted,
    muted_comment: muted ? 'Known scanner, reviewed.' : null,
    muted_device_uuid: null,
    muted_rule: false,
    muted_device: false,
    muted_timestamp: muted ? isoMicros(laterThan(rng, createdMs, world.now, HOUR), rng) : null,
    muted_user_uuid: muted ? rng.uuid() : null,
    resolution: resolved ? rng.pick(RESOLUTIONS) : null,
    resolution_comment: resolved
      ? rng.pick(['Reimaged the device.', 'Expected traffic.', null])
      : null,
    resolution_timestamp: resolved ? resolvedAt : null,
    resolution_user_uuid: resolved ? rng.uuid() : null,
    indicators: indicatorsOf(template, events),
  }
  return { detection, events }
}

function dnsServer(world: World, account: AccountWorld): ExternalHost | InternalHost {
  return world.rng.chance(0.7) ? account.resolver : world.publicResolver
}

/** Reads each indicator field back from the detection's own events; DNS resolvers are no indicators. */
function indicatorsOf(template: RuleTemplate, events: SimEvent[]): SimIndicator[] {
  const indicators: SimIndicator[] = []
  for (const field of template.indicatorFields) {
    const { eventType, path } = splitField(field)
    const values = new Set<string>()
    for (const event of events) {
      if (eventType === null ? event.event_type === 'dns' : event.event_type !== eventType) continue
      for (const value of valuesAtPath(event, path)) {
        if (typeof value === 'string' && value !== '') values.add(value)
      }
    }
    if (values.size > 0) indicators.push({ field, values: [...values] })
  }
  return indicators
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
