import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { seedFixture } from '../../test/support/seed-fixtures.ts'
import { RelayError } from '../errors/relay-error.ts'
import type {
  Detection,
  DetectionEventsAnswer,
  DetectionsAnswer,
  DhcpAnswer,
  DhcpRecord,
  EventsQueryAnswer,
  GtiEvent,
  Rule,
} from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { type ObservableOutcome, type ObserveContext, observeOne } from './observe-one.ts'
import type { EventsQuery, ObserveUpstream } from './upstream.ts'

/** An in-memory ThreatINSIGHT answering from fixed answers, recording each call. */
function fakeUpstream(answers: {
  detections?: DetectionsAnswer | Error
  events?: Record<string, GtiEvent[] | Error>
  recent?: GtiEvent[] | Error
  dhcp?: DhcpRecord[] | Error
  hasEvents?: boolean
}) {
  const calls: { name: string; arg: unknown }[] = []
  const settle = <T>(value: T | Error): Promise<T> =>
    value instanceof Error ? Promise.reject(value) : Promise.resolve(value)
  const upstream: ObserveUpstream = {
    hasEvents: answers.hasEvents ?? true,
    // One page holds everything: the paging itself is tested with the lookup in detections/.
    detectionsPage: async (_call, { value }) => {
      calls.push({ name: 'detections', arg: value })
      return settle(answers.detections ?? { detections: [], rules: [] })
    },
    detectionEvents: async (_call, uuid) => {
      calls.push({ name: 'detectionEvents', arg: uuid })
      const events = answers.events?.[uuid] ?? []
      return settle<DetectionEventsAnswer>(
        events instanceof Error
          ? events
          : { events: events.map((event) => ({ rule_uuid: 'r', event })) },
      )
    },
    queryEvents: async (_call, query: EventsQuery) => {
      calls.push({ name: 'queryEvents', arg: query })
      const recent = answers.recent ?? []
      return settle<EventsQueryAnswer>(recent instanceof Error ? recent : { events: recent })
    },
    dhcp: async (_call, entities) => {
      calls.push({ name: 'dhcp', arg: entities })
      const dhcp = answers.dhcp ?? []
      return settle<DhcpAnswer>(
        dhcp instanceof Error ? dhcp : { entity_tracking_bulk_response: { dhcp } },
      )
    },
  }
  return { upstream, calls }
}

const NOW = Date.parse('2020-05-05T00:00:00.000Z')

function context(
  upstream: ObserveUpstream,
  overrides: Partial<ObserveContext> = {},
): ObserveContext {
  return {
    upstream,
    call: { apiKey: 'test-key' },
    limit: 100,
    allowTestAccounts: true,
    lookbackDays: 7,
    nowMs: NOW,
    maxDetections: 1000,
    judgement: { portalUrl: 'https://portal.example', validDays: 30 },
    ...overrides,
  }
}

type SeedDetection = Detection & { rule: Rule }

function seedAnswers() {
  const seeded = seedFixture<SeedDetection[]>('integration--detections_for_entity.json')
  const detections: Detection[] = seeded.map(({ rule, ...detection }) => ({
    ...detection,
    rule_uuid: rule.uuid,
  }))
  const rules = seeded.map((d) => d.rule)
  const byIp = seedFixture<Record<string, DhcpRecord[]>>('integration--dhcp_records_by_ip.json')
  return {
    detections: { detections, rules },
    events: {
      [detections[0]?.uuid ?? '']: seedFixture<GtiEvent[]>(
        'integration--events_for_detection.json',
      ),
    },
    recent: seedFixture<GtiEvent[]>('integration--events_for_entity.json'),
    dhcp: Object.values(byIp).flat(),
  }
}

const sha256: Observable = {
  type: 'sha256',
  value: '9ffc7e4333d3be11b244d5f83b02ebcd194a671539f7faf1b5597d9209cc25c3',
}

/** The uuids of the events kept for the observable, in answer order. */
const eventUuids = (outcome: ObservableOutcome) =>
  outcome.findings?.events.map((kept) => kept.event.uuid)

function ev(uuid: string, timestamp: string, extra: Record<string, unknown> = {}): GtiEvent {
  return { uuid, timestamp, event_type: 'flow', customer_id: 'cstmr', ...extra }
}

describe('observeOne against the seed fixtures', () => {
  test('reproduces the seed workflow output: order, attachment, summary and DHCP', async () => {
    const { upstream, calls } = fakeUpstream(seedAnswers())
    const outcome = await observeOne(sha256, context(upstream))
    assert.deepEqual(outcome.errors, [])
    const expected = seedFixture<
      (GtiEvent & {
        detection?: { summary: { impacted_devices: number; indicator_values: number } }
      })[]
    >('workflow--events_for_observable.json')
    const findings = outcome.findings
    assert.ok(findings)
    assert.deepEqual(
      findings.events.map((kept) => kept.event.uuid),
      expected.map((event) => event.uuid),
    )
    findings.events.forEach((kept, index) => {
      const want = expected[index]?.detection
      if (want === undefined) assert.equal(kept.attached, undefined)
      else {
        assert.equal(kept.attached?.rule.name, 'Suspicious Executable File')
        assert.deepEqual(kept.attached?.summary, {
          impactedDevices: want.summary.impacted_devices,
          indicatorValues: want.summary.indicator_values,
        })
      }
    })
    assert.deepEqual(findings.dhcp.get('10.1.70.2')?.[0]?.hostname, 'Enterprise-DC01')
    assert.deepEqual(findings.dhcp.get('10.1.70.100')?.[0]?.hostname, 'FinanceWks008')
    const dhcpCall = calls.find((c) => c.name === 'dhcp')
    assert.deepEqual(dhcpCall?.arg, [
      { ip: '10.1.70.100', event_time: '2020-05-04T21:42:01.961Z' },
      { ip: '10.1.70.2', event_time: '2020-05-04T21:42:01.961Z' },
    ])
  })

  test('sends the typed IQL filter over the look-back window with the entities limit', async () => {
    const { upstream, calls } = fakeUpstream({})
    await observeOne({ type: 'domain', value: "o'k\\.com" }, context(upstream, { limit: 7 }))
    assert.deepEqual(calls.find((c) => c.name === 'queryEvents')?.arg, {
      query: "domain = 'o\\'k\\\\.com'",
      startDate: '2020-04-28T00:00:00.000Z',
      endDate: '2020-05-05T00:00:00.000Z',
      limit: 7,
    })
  })

  test('skips the events query where the region has no Events API', async () => {
    const { upstream, calls } = fakeUpstream({ hasEvents: false })
    const outcome = await observeOne(sha256, context(upstream))
    assert.equal(calls.filter((c) => c.name === 'queryEvents').length, 0)
    assert.deepEqual(outcome.errors, [])
  })
})

describe('observeOne rules', () => {
  const rule: Rule = { uuid: 'r1', name: 'Rule 1', severity: 'high', confidence: 'low' }
  const value = '198.51.100.7'
  const ip: Observable = { type: 'ip', value }
  /** A detection of rule `ruleUuid` whose `dst.ip` indicator holds the value. */
  const onDst = (uuid: string, ruleUuid = 'r1'): Detection => ({
    uuid,
    rule_uuid: ruleUuid,
    indicators: [{ field: 'dst.ip', values: [value] }],
  })

  test('test accounts are dropped unless allowed, by uuid or code, in either field', async () => {
    const detections: Detection[] = [
      {
        uuid: 'd1',
        rule_uuid: 'r1',
        account_uuid: 'chg',
        indicators: [{ field: 'dst.ip', values: [value] }],
      },
      {
        uuid: 'd2',
        rule_uuid: 'r1',
        account_uuid: 'acct',
        indicators: [{ field: 'dst.ip', values: [value] }],
      },
    ]
    const answers = {
      detections: { detections, rules: [rule] },
      events: {
        d1: [ev('e1', '2020-05-04T00:00:01.000Z', { dst: { ip: value } })],
        d2: [ev('e2', '2020-05-04T00:00:02.000Z', { dst: { ip: value } })],
      },
      recent: [
        ev('e3', '2020-05-04T00:00:03.000Z', {
          customer_id: '6bc3d2f1-af77-4236-a9db-17dacd06e4d9',
        }),
        ev('e4', '2020-05-04T00:00:04.000Z', { customer_id: 'dmo' }),
        ev('e5', '2020-05-04T00:00:05.000Z'),
      ],
    }
    const denied = fakeUpstream(answers)
    const outcome = await observeOne(ip, context(denied.upstream, { allowTestAccounts: false }))
    assert.deepEqual(eventUuids(outcome), ['e5', 'e2'])
    assert.equal(denied.calls.filter((c) => c.name === 'detectionEvents').length, 1)
    const allowed = fakeUpstream(answers)
    const all = await observeOne(ip, context(allowed.upstream, { allowTestAccounts: true }))
    assert.deepEqual(eventUuids(all), ['e5', 'e4', 'e3', 'e2', 'e1'])
  })

  test('a detection whose rule is missing is dropped with a warning', async () => {
    const { upstream } = fakeUpstream({
      detections: {
        detections: [onDst('d9', 'missing')],
        rules: [rule],
      },
      events: { d9: [ev('e1', '2020-05-04T00:00:01.000Z', { dst: { ip: value } })] },
    })
    const outcome = await observeOne(ip, context(upstream))
    assert.equal(outcome.findings?.events.length, 0)
    assert.equal(outcome.errors.length, 1)
    assert.match(outcome.errors[0]?.message ?? '', /d9.*without its rule/)
    assert.equal(outcome.errors[0]?.code, 'unexpected response')
  })

  test("one detection's events failure costs only its events, with a warning naming the observable", async () => {
    const failure = new RelayError('service unavailable', 'answered 503')
    const { upstream } = fakeUpstream({
      detections: {
        detections: [onDst('d1'), onDst('d2')],
        rules: [rule],
      },
      events: { d1: failure, d2: [ev('e2', '2020-05-04T00:00:02.000Z', { dst: { ip: value } })] },
    })
    const outcome = await observeOne(ip, context(upstream))
    assert.deepEqual(eventUuids(outcome), ['e2'])
    assert.equal(outcome.errors.length, 1)
    assert.equal(outcome.errors[0]?.code, 'service unavailable')
    assert.match(outcome.errors[0]?.message ?? '', /198\.51\.100\.7.*answered 503/)
  })

  test('summary: null devices are not counted, only supported-type indicator values count', async () => {
    const { upstream } = fakeUpstream({
      detections: {
        detections: [
          {
            uuid: 'd1',
            rule_uuid: 'r1',
            account_uuid: 'a',
            device_ip: '10.0.0.1',
            indicators: [
              { field: 'dst.ip', values: [value, 'x'] },
              { field: 'http:uri.uri', values: ['/a', '/b'] },
            ],
          },
          {
            uuid: 'd2',
            rule_uuid: 'r1',
            account_uuid: 'a',
            device_ip: null,
            indicators: [{ field: 'src.ip', values: [value] }],
          },
          { uuid: 'd3', rule_uuid: 'r1', account_uuid: 'b', device_ip: '10.0.0.9', indicators: [] },
        ],
        rules: [rule],
      },
      events: { d1: [ev('e1', '2020-05-04T00:00:01.000Z', { dst: { ip: value } })] },
    })
    const outcome = await observeOne(ip, context(upstream))
    assert.deepEqual(outcome.findings?.events[0]?.attached?.summary, {
      impactedDevices: 1,
      indicatorValues: 2,
    })
  })

  test("events attach only through the detection's own paths, lists walked one level", async () => {
    const { upstream } = fakeUpstream({
      detections: {
        detections: [
          {
            uuid: 'd1',
            rule_uuid: 'r1',
            indicators: [{ field: 'dns:answers.ip', values: [value] }],
          },
          { uuid: 'd2', rule_uuid: 'r1', indicators: [{ field: 'src.ip', values: [value] }] },
        ],
        rules: [rule],
      },
      events: {
        d1: [
          ev('e1', '2020-05-04T00:00:01.000Z', { answers: [{ ip: '1.1.1.1' }, { ip: value }] }),
          ev('e2', '2020-05-04T00:00:02.000Z', { answers: [[{ ip: value }]] }),
          ev('e3', '2020-05-04T00:00:03.000Z', { src: { ip: value } }),
        ],
        d2: [ev('e4', '2020-05-04T00:00:04.000Z', { answers: [{ ip: value }] })],
      },
    })
    const outcome = await observeOne(ip, context(upstream))
    assert.deepEqual(eventUuids(outcome), ['e1'])
  })

  test('recent events already attached are not repeated; the same event on two detections gives two', async () => {
    const shared = ev('e1', '2020-05-04T00:00:01.000Z', { dst: { ip: value } })
    const { upstream } = fakeUpstream({
      detections: {
        detections: [onDst('d1'), onDst('d2')],
        rules: [rule],
      },
      events: { d1: [shared], d2: [shared] },
      recent: [shared, ev('e2', '2020-05-04T00:00:00.500Z')],
    })
    const outcome = await observeOne(ip, context(upstream))
    assert.deepEqual(eventUuids(outcome), ['e1', 'e1', 'e2'])
    assert.equal(outcome.findings?.events[0]?.attached?.detection.uuid, 'd1')
    assert.equal(outcome.findings?.events[1]?.attached?.detection.uuid, 'd2')
  })

  test('sorts newest first as instants, stable, and cuts to the limit with a warning', async () => {
    const { upstream } = fakeUpstream({
      recent: [
        ev('a', '2020-05-04T10:00:00.000Z'),
        ev('b', '2020-05-04T12:00:00.000+02:00'),
        ev('c', '2020-05-04T10:00:00Z'),
        ev('d', '2020-05-04T11:00:00.000Z'),
      ],
    })
    const outcome = await observeOne(ip, context(upstream, { limit: 3 }))
    assert.deepEqual(eventUuids(outcome), ['d', 'a', 'b'])
    assert.equal(outcome.errors.length, 1)
    assert.equal(outcome.errors[0]?.code, 'limit reached')
  })

  test('no DHCP call without internal hosts; a DHCP failure costs only host names', async () => {
    const none = fakeUpstream({
      recent: [ev('a', '2020-05-04T10:00:00.000Z', { src: { ip: '8.8.8.8', internal: false } })],
    })
    await observeOne(ip, context(none.upstream))
    assert.equal(none.calls.filter((c) => c.name === 'dhcp').length, 0)

    const failing = fakeUpstream({
      recent: [ev('a', '2020-05-04T10:00:00.000Z', { src: { ip: '10.0.0.5', internal: true } })],
      dhcp: new RelayError('gateway timeout', 'timed out'),
    })
    const outcome = await observeOne(ip, context(failing.upstream))
    assert.deepEqual(eventUuids(outcome), ['a'])
    assert.equal(outcome.findings?.dhcp.size, 0)
    assert.equal(outcome.errors[0]?.code, 'gateway timeout')
    assert.match(outcome.errors[0]?.message ?? '', /DHCP/)
  })

  test('a failed detections call fails the observable; a failed events query keeps the detections', async () => {
    const down = fakeUpstream({ detections: new RelayError('connection error', 'refused') })
    const failed = await observeOne(ip, context(down.upstream))
    assert.equal(failed.findings, undefined)
    assert.equal(failed.errors.at(-1)?.code, 'connection error')

    const partial = fakeUpstream({
      detections: {
        detections: [onDst('d1')],
        rules: [rule],
      },
      events: { d1: [ev('e1', '2020-05-04T00:00:01.000Z', { dst: { ip: value } })] },
      recent: new RelayError('service unavailable', '502'),
    })
    const kept = await observeOne(ip, context(partial.upstream))
    assert.deepEqual(eventUuids(kept), ['e1'])
    assert.equal(kept.errors[0]?.code, 'service unavailable')
  })

  test('an upstream authorization failure keeps its Authorization failed message', async () => {
    const { upstream } = fakeUpstream({
      detections: new RelayError(
        'authorization error',
        'Authorization failed: Authentication is invalid.',
      ),
    })
    const outcome = await observeOne(ip, context(upstream))
    assert.equal(outcome.errors.at(-1)?.message, 'Authorization failed: Authentication is invalid.')
  })

  describe('the early DHCP lookup', () => {
    const internal = (ip: string) => ({ ip, internal: true })
    const detection = onDst('d1')

    test('when the detections add no host, the lookup started from the recent events is the one', async () => {
      const shared = ev('e1', '2020-05-04T00:00:01.000Z', {
        src: internal('10.0.0.1'),
        dst: { ip: value },
      })
      const { upstream } = fakeUpstream({
        detections: { detections: [detection], rules: [rule] },
        recent: [shared],
      })
      // The detection's events are held back until the DHCP lookup has started: it must not wait
      // for them (a fallback timer keeps a broken implementation from hanging the test).
      let release: () => void = () => {}
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      const fallback = setTimeout(() => release(), 2000)
      const dhcpCalls: unknown[] = []
      let eventsServed = false
      let firstLookupBeforeEvents: boolean | undefined
      const gated: ObserveUpstream = {
        ...upstream,
        detectionEvents: async () => {
          await held
          eventsServed = true
          return { events: [{ rule_uuid: 'r1', event: shared }] }
        },
        dhcp: async (_call, entities) => {
          firstLookupBeforeEvents ??= !eventsServed
          dhcpCalls.push(entities)
          release()
          return {
            entity_tracking_bulk_response: {
              dhcp: [{ ip: '10.0.0.1', account_code: 'cstmr', hostname: 'WS1', mac: 'aa' }],
            },
          }
        },
      }
      const outcome = await observeOne(ip, context(gated))
      clearTimeout(fallback)
      assert.equal(firstLookupBeforeEvents, true, 'the lookup waited for the detection chain')
      assert.deepEqual(dhcpCalls, [[{ ip: '10.0.0.1', event_time: '2020-05-04T00:00:01.000Z' }]])
      assert.equal(outcome.findings?.events[0]?.attached?.detection.uuid, 'd1')
      assert.equal(outcome.findings?.dhcp.get('10.0.0.1')?.[0]?.hostname, 'WS1')
    })

    test('when they do, the exact lookup is made and its answer used', async () => {
      const { upstream, calls } = fakeUpstream({
        detections: { detections: [detection], rules: [rule] },
        events: {
          d1: [
            ev('e1', '2020-05-04T00:00:02.000Z', { src: internal('10.0.0.2'), dst: { ip: value } }),
          ],
        },
        recent: [ev('e2', '2020-05-04T00:00:01.000Z', { src: internal('10.0.0.1') })],
      })
      // Each lookup answers differently, so the test can tell whose answer reached the findings.
      let lookups = 0
      const distinct: ObserveUpstream = {
        ...upstream,
        dhcp: async (call, entities) => {
          await upstream.dhcp(call, entities)
          lookups += 1
          const tag = lookups === 1 ? 'EARLY' : 'EXACT'
          return {
            entity_tracking_bulk_response: {
              dhcp: entities.map(({ ip }) => ({ ip, hostname: `${tag}-${ip}` })),
            },
          }
        },
      }
      const outcome = await observeOne(ip, context(distinct))
      assert.deepEqual(outcome.errors, [])
      const hostnames = [...(outcome.findings?.dhcp ?? new Map()).entries()]
        .map(([address, records]) => [address, records.map((r: DhcpRecord) => r.hostname)])
        .sort()
      assert.deepEqual(hostnames, [
        ['10.0.0.1', ['EXACT-10.0.0.1']],
        ['10.0.0.2', ['EXACT-10.0.0.2']],
      ])
      const dhcpCalls = calls.filter((c) => c.name === 'dhcp').map((c) => c.arg)
      assert.deepEqual(dhcpCalls, [
        [{ ip: '10.0.0.1', event_time: '2020-05-04T00:00:01.000Z' }],
        [
          { ip: '10.0.0.2', event_time: '2020-05-04T00:00:02.000Z' },
          { ip: '10.0.0.1', event_time: '2020-05-04T00:00:01.000Z' },
        ],
      ])
    })

    test('a failed early lookup is retried as the exact one; only a failure of that is reported', async () => {
      let dhcpCalls = 0
      const { upstream } = fakeUpstream({
        recent: [ev('a', '2020-05-04T10:00:00.000Z', { src: internal('10.0.0.5') })],
      })
      const flaky: ObserveUpstream = {
        ...upstream,
        dhcp: async () => {
          dhcpCalls += 1
          if (dhcpCalls === 1) throw new RelayError('service unavailable', 'down')
          return { entity_tracking_bulk_response: { dhcp: [{ ip: '10.0.0.5', hostname: 'H' }] } }
        },
      }
      const outcome = await observeOne(ip, context(flaky))
      assert.equal(dhcpCalls, 2)
      assert.deepEqual(outcome.errors, [])
      assert.equal(outcome.findings?.dhcp.get('10.0.0.5')?.[0]?.hostname, 'H')
    })
  })
})
