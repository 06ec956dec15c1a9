/**
 * fast-check arbitraries for the observe inputs: events of every type with odd
 * shapes (nulls, missing keys, wrong types, arbitrary unicode), attached detections
 * and whole findings. Test support only.
 * @module
 */
import fc from 'fast-check'
import type {
  AttachedDetection,
  DhcpByIp,
  KeptEvent,
  ObservableFindings,
} from '../../src/ctim/findings.ts'
import type { DhcpRecord, GtiEvent, Rule } from '../../src/gti/schemas.ts'
import { type Observable, SUPPORTED_TYPES } from '../../src/observables/observable.ts'
import { EVENT_TYPES } from '../../src/simulator/index.ts'

type Fields = Record<string, fc.Arbitrary<unknown>>

/** Any string, including lone surrogates and control characters. */
export const anyStringArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', '\t\r\n', "'", '\\', '__proto__', 'constructor'),
)

/** A JSON value of any shape, for fields that may carry the wrong type. */
export const oddValueArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, '', [], {}, true, false, 0, -1, 1.5),
  anyStringArbitrary,
  fc.jsonValue({ maxDepth: 2 }),
)

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length })

/** An ip as events carry it: v4, v6, or something broken. */
export const ipArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('10.1.70.2', '10.1.70.100', '207.148.78.106', '::1') },
  { weight: 3, arbitrary: fc.ipV4() },
  { weight: 1, arbitrary: fc.ipV6() },
  { weight: 1, arbitrary: anyStringArbitrary },
)

const isoTime = fc
  .date({
    min: new Date('2015-01-01T00:00:00Z'),
    max: new Date('2030-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString())

/** Mostly `valid`, sometimes null or a value of another type. */
const sometimesOdd = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: oddValueArbitrary })

const orNull = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(null) })

/** Optional keys: each one may be absent. */
const optionalRecord = (fields: Fields): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(fields, { requiredKeys: [] })

const hashesFields: Fields = {
  md5: sometimesOdd(hex(32)),
  sha1: sometimesOdd(hex(40)),
  sha256: sometimesOdd(hex(64)),
}

const uriTextArbitrary = fc.oneof(
  fc.constantFrom(
    '/download.php',
    '/a?b=c#d',
    'http://x.com',
    'HTTPS://X.com:8443/p?',
    '//cdn.io/f',
    'a/b',
    '',
    'example.com:443',
    '///x',
    'mailto:x@y',
  ),
  fc.string({ unit: fc.constantFrom(...'aZ9:/?#.+-@%\t\r\n ') }),
  anyStringArbitrary,
)

const TYPE_FIELDS: Record<(typeof EVENT_TYPES)[number], Fields> = {
  flow: {
    flow_state: sometimesOdd(fc.constantFrom('SF', 'S0', 'REJ')),
    proto: sometimesOdd(fc.constantFrom('tcp', 'udp')),
    service: sometimesOdd(fc.constantFrom('http', 'dns', 'ssl')),
    total_pkts: sometimesOdd(fc.nat()),
  },
  dns: {
    query: sometimesOdd(
      optionalRecord({ domain: sometimesOdd(fc.domain()), domain_entropy: fc.double() }),
    ),
    answers: sometimesOdd(
      fc.array(sometimesOdd(optionalRecord({ ip: sometimesOdd(ipArbitrary), ttl: fc.nat() })), {
        maxLength: 3,
      }),
    ),
    qtype: sometimesOdd(fc.nat({ max: 255 })),
    qtype_name: sometimesOdd(fc.constantFrom('A', 'AAAA', 'TXT')),
    rcode: sometimesOdd(fc.nat({ max: 5 })),
    rcode_name: sometimesOdd(fc.constantFrom('NOERROR', 'NXDOMAIN')),
    rejected: sometimesOdd(fc.boolean()),
  },
  http: {
    method: sometimesOdd(fc.constantFrom('GET', 'POST', 'get', 'CONNECT')),
    host: sometimesOdd(
      fc.oneof(
        optionalRecord({ domain: sometimesOdd(fc.domain()) }),
        optionalRecord({ ip: sometimesOdd(ipArbitrary) }),
      ),
    ),
    uri: sometimesOdd(
      optionalRecord({
        uri: sometimesOdd(uriTextArbitrary),
        port: fc.integer({ min: -1, max: 65535 }),
      }),
    ),
    user_agent: sometimesOdd(anyStringArbitrary),
    status_code: sometimesOdd(fc.integer({ min: 100, max: 599 })),
    status_msg: sometimesOdd(fc.constantFrom('OK', 'Not Found')),
    files: sometimesOdd(fc.array(sometimesOdd(optionalRecord(hashesFields)), { maxLength: 3 })),
  },
  ssl: {
    server_name_indication: sometimesOdd(fc.domain()),
    version: sometimesOdd(fc.constantFrom('TLSv12', 'TLSv13')),
    subject: sometimesOdd(anyStringArbitrary),
  },
  x509: {
    san_dns: sometimesOdd(fc.array(fc.domain(), { maxLength: 3 })),
    subject: sometimesOdd(anyStringArbitrary),
    issuer: sometimesOdd(anyStringArbitrary),
  },
  pe: { file: sometimesOdd(optionalRecord(hashesFields)) },
  ssh: {
    direction: sometimesOdd(fc.constantFrom('inbound', 'outbound')),
    client: sometimesOdd(anyStringArbitrary),
    server: sometimesOdd(anyStringArbitrary),
  },
  suricata: {
    sig_name: sometimesOdd(anyStringArbitrary),
    sig_category: sometimesOdd(anyStringArbitrary),
    sig_id: sometimesOdd(fc.nat()),
    // JSON has no -0: keep the answer equal to its own JSON round trip.
    sig_rev: sometimesOdd(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((rev) => (rev === 0 ? 0 : rev)),
    ),
  },
  kerberos: {
    client: sometimesOdd(anyStringArbitrary),
    service: sometimesOdd(anyStringArbitrary),
    request_type: sometimesOdd(fc.constantFrom('AS', 'TGS')),
    success: sometimesOdd(fc.boolean()),
  },
}

/** One side of a connection, or null; its `ip` and `internal` may be missing or null. */
export const endpointArbitrary = orNull(
  fc
    .tuple(
      optionalRecord({ ip: orNull(ipArbitrary), internal: orNull(fc.boolean()) }),
      fc.dictionary(fc.constantFrom('port', 'ip_bytes', 'pkts', 'geo'), oddValueArbitrary, {
        maxKeys: 2,
      }),
    )
    .map(([known, extra]) => ({ ...extra, ...known })),
)

const customerArbitrary = fc.constantFrom('cstmr', 'other', 'dmo')

const commonFields: Fields = {
  customer_id: orNull(customerArbitrary),
  sensor_id: orNull(anyStringArbitrary),
  src: endpointArbitrary,
  dst: endpointArbitrary,
}

// Keys GtiEventSchema types: random extra keys must not give them the wrong type.
const SCHEMA_KEYS = new Set([
  'uuid',
  'timestamp',
  'event_type',
  'customer_id',
  'sensor_id',
  'src',
  'dst',
])

const eventOfType = (eventType: unknown, fields: Fields): fc.Arbitrary<GtiEvent> =>
  fc
    .record({
      uuid: fc.oneof(
        { weight: 5, arbitrary: fc.uuid({ version: 4 }) },
        { weight: 1, arbitrary: anyStringArbitrary },
      ),
      timestamp: isoTime,
      common: optionalRecord(commonFields),
      specific: optionalRecord(fields),
      extra: fc.dictionary(
        anyStringArbitrary.filter((key) => !SCHEMA_KEYS.has(key)),
        oddValueArbitrary,
        { maxKeys: 2 },
      ),
    })
    .map(({ uuid, timestamp, common, specific, extra }) => {
      const event: Record<string, unknown> = { ...extra, ...specific, ...common, uuid, timestamp }
      if (eventType !== undefined) event.event_type = eventType
      return event as GtiEvent
    })

/**
 * A ThreatINSIGHT event: every known type with its fields (each may be missing,
 * null or of the wrong type), plus unknown, null and absent event types. The typed
 * fields of `GtiEventSchema` always hold their schema's types.
 */
export const gtiEventArbitrary: fc.Arbitrary<GtiEvent> = fc.oneof(
  ...EVENT_TYPES.map((eventType) => ({
    weight: 3,
    arbitrary: eventOfType(eventType, TYPE_FIELDS[eventType]),
  })),
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.constantFrom('HTTP', 'smtp', '__proto__', null, undefined), anyStringArbitrary)
      .chain((eventType) => eventOfType(eventType, { ...TYPE_FIELDS.http, ...TYPE_FIELDS.dns })),
  },
)

const severityWord = fc.oneof(
  fc.constantFrom('high', 'HIGH', 'moderate', 'Medium', 'low', 'critical', 'Critical', 'bogus', ''),
  anyStringArbitrary,
)

/** A rule from a small pool of uuids (so rules repeat), with nullable fields. */
export const ruleArbitrary: fc.Arbitrary<Rule> = fc.record(
  {
    uuid: fc.constantFrom(
      '5b7d1cc6-21b1-4be2-ba4d-4cafe6ad8947',
      '0c6b6f43-8d4a-4a57-9c0e-4b38ad6f0f7e',
      'rule with spaces/and?odd#chars',
    ),
    name: orNull(anyStringArbitrary),
    category: orNull(anyStringArbitrary),
    description: orNull(anyStringArbitrary),
    severity: orNull(severityWord),
    confidence: orNull(severityWord),
    created: orNull(isoTime),
  },
  { requiredKeys: ['uuid'] },
)

/** A detection joined to its rule, with a summary of non-negative counts. */
export const attachedDetectionArbitrary: fc.Arbitrary<AttachedDetection> = fc
  .record({
    rule: ruleArbitrary,
    uuid: fc.uuid({ version: 4 }),
    account_uuid: orNull(fc.oneof(fc.uuid({ version: 4 }), anyStringArbitrary)),
    device_ip: orNull(ipArbitrary),
    impactedDevices: fc.nat({ max: 1000 }),
    indicatorValues: fc.nat({ max: 1000 }),
  })
  .map(({ rule, uuid, account_uuid, device_ip, impactedDevices, indicatorValues }) => ({
    detection: { uuid, rule_uuid: rule.uuid, account_uuid, device_ip },
    rule,
    summary: { impactedDevices, indicatorValues },
  }))

/** A kept event, attached to a detection about half of the time. */
export const keptEventArbitrary: fc.Arbitrary<KeptEvent> = fc
  .tuple(gtiEventArbitrary, fc.option(attachedDetectionArbitrary, { nil: undefined }))
  .map(([event, attached]) => (attached === undefined ? { event } : { event, attached }))

/** A requested observable of a supported type. */
export const observableArbitrary: fc.Arbitrary<Observable> = fc.record({
  type: fc.constantFrom(...SUPPORTED_TYPES),
  value: fc.oneof(fc.constantFrom('mystery.io', '10.1.70.2'), hex(64), fc.string({ minLength: 1 })),
})

const dhcpRecordArbitrary = (ip: string): fc.Arbitrary<DhcpRecord> =>
  fc.record(
    {
      ip: fc.constant(ip),
      account_code: orNull(customerArbitrary),
      hostname: orNull(anyStringArbitrary),
      mac: orNull(fc.oneof(fc.constant('00:0c:29:79:39:51'), anyStringArbitrary)),
    },
    { requiredKeys: ['ip'] },
  )

const sideIps = (events: readonly KeptEvent[]): string[] => {
  const ips = new Set<string>()
  for (const { event } of events) {
    for (const side of [event.src, event.dst]) if (typeof side?.ip === 'string') ips.add(side.ip)
  }
  return [...ips]
}

/** DHCP records for some of the given ips, keyed by ip. */
export const dhcpArbitrary = (ips: readonly string[]): fc.Arbitrary<DhcpByIp> =>
  fc
    .tuple(
      ...ips.map((ip) =>
        fc.option(fc.array(dhcpRecordArbitrary(ip), { maxLength: 3 }), { nil: undefined }),
      ),
    )
    .map((lists) => new Map(ips.flatMap((ip, at) => (lists[at] ? [[ip, lists[at]] as const] : []))))

/** The findings of one observable: up to 8 kept events and DHCP records for their ips. */
export const observableFindingsArbitrary: fc.Arbitrary<ObservableFindings> = fc
  .tuple(observableArbitrary, fc.array(keptEventArbitrary, { maxLength: 8 }))
  .chain(([observable, events]) =>
    dhcpArbitrary(sideIps(events)).map((dhcp) => ({ observable, events, dhcp })),
  )
