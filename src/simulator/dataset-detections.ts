/**
 * The simulated rules and detections: the well-known detections that make
 * the sample observables findable, then random ones, each with the events
 * behind it.
 * @module
 */
import { SECONDARY_ATTACK_IDS } from './attack-ids.ts'
import { SUSPICIOUS_TLDS } from './catalog.ts'
import {
  type DhcpLease,
  type SimDetection,
  type SimEvent,
  type SimIndicator,
  type SimRule,
  WELL_KNOWN_OBSERVABLES,
} from './dataset.ts'
import {
  type AccountWorld,
  accountByCode,
  customerUuid,
  DAY,
  dnsServer,
  HOUR,
  MINUTE,
  pickAccount,
  type World,
} from './dataset-world.ts'
import { applyMutes, detectionTiming, laterThan, maxSpanMs } from './detection-timeline.ts'
import {
  buildEvent,
  type DomainEntry,
  type EventContext,
  type ExternalHost,
  type FileEntry,
  type InternalHost,
} from './event-builders.ts'
import { splitField, valuesAtPath } from './field-values.ts'
import { createRandom } from './prng.ts'
import { RULE_TEMPLATES, type RuleTemplate } from './rule-catalog.ts'
import { isoMicros } from './time-format.ts'

/** Owner of the vendor's global rules (seen in upstream examples). */
const RULE_OWNER_UUID = 'b1f533b5-6360-494a-9f8b-9d90f1ad0207'
const RESOLUTIONS = [
  'true_positive_mitigated',
  'true_positive_no_action',
  'false_positive',
  'unknown',
]

/** The rules, detections and detection events of a world. */
export interface GeneratedDetections {
  rules: SimRule[]
  detections: SimDetection[]
  detectionEvents: Record<string, string[]>
  events: SimEvent[]
}

/**
 * The rules, then the well-known detections, then random ones up to
 * `count`, then the mutes (from their own stream, so muting changes nothing
 * else the seed produces).
 */
export function generateDetections(world: World, count: number, seed: number): GeneratedDetections {
  const { rng, now } = world
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
    events.push(...made.events)
  }

  for (const [key, plan] of wellKnownPlans(world)) addDetection(templateByKey(key), plan)
  const wellKnownCount = detections.length
  const templateWeights = RULE_TEMPLATES.map((template) => [template, template.weight] as const)
  while (detections.length < count) {
    const accountWorld = pickAccount(world)
    const template = rng.weighted(templateWeights)
    const device = rng.pick(accountWorld.hosts)
    const span = maxSpanMs(template.events.length, template.repeat)
    addDetection(template, { account: accountWorld, device, ...detectionTiming(rng, now, span) })
  }
  applyMutes(createRandom(seed + 0x6d757465), detections, customerUuid(world), now, wellKnownCount)
  return { rules, detections, detectionEvents, events }
}

function templateByKey(key: string): RuleTemplate {
  const template = RULE_TEMPLATES.find((candidate) => candidate.key === key)
  if (template === undefined) throw new Error(`no rule template ${key}`)
  return template
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
