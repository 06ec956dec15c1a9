import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GtiError } from '../gti/gti-error.ts'
import type { DetectionsAnswer, EventsQueryAnswer, GtiEvent } from '../gti/schemas.ts'
import { createEventsAvailability } from './events-availability.ts'
import { type ObserveContext, observeOne } from './observe-one.ts'
import type { EventsQuery, ObserveUpstream } from './upstream.ts'

const ev = (uuid: string, timestamp: string, fields: Record<string, unknown> = {}): GtiEvent => ({
  uuid,
  timestamp,
  event_type: 'flow',
  customer_id: 'acme',
  ...fields,
})

/** A ThreatINSIGHT stand-in with fixed answers that records the events queries. */
function upstream(answers: {
  detections?: DetectionsAnswer
  recent?: EventsQueryAnswer | Error
  events?: Record<string, GtiEvent[]>
}) {
  const queries: EventsQuery[] = []
  const fake: ObserveUpstream = {
    hasEvents: true,
    detectionsPage: async () => answers.detections ?? { detections: [], rules: [] },
    detectionEvents: async (_call, uuid) => ({
      events: (answers.events?.[uuid] ?? []).map((event) => ({ rule_uuid: 'r', event })),
    }),
    queryEvents: async (_call, query) => {
      queries.push(query)
      const recent = answers.recent ?? { events: [] }
      if (recent instanceof Error) throw recent
      return recent
    },
    dhcp: async () => ({ entity_tracking_bulk_response: { dhcp: [] } }),
  }
  return { fake, queries }
}

const context = (
  fake: ObserveUpstream,
  overrides: Partial<ObserveContext> = {},
): ObserveContext => ({
  upstream: fake,
  call: { apiKey: 'k' },
  limit: 2,
  allowTestAccounts: false,
  lookbackDays: 7,
  nowMs: Date.parse('2024-01-10T00:00:00Z'),
  maxDetections: 1000,
  judgement: { portalUrl: 'https://portal.example', validDays: 30 },
  ...overrides,
})

const ip = { type: 'ip' as const, value: '10.0.0.1' }

describe('observeOne, v2 rules', () => {
  test('rule 1: asks for non-test events only unless allowed', async () => {
    const { fake, queries } = upstream({})
    await observeOne(ip, context(fake))
    await observeOne(ip, context(fake, { allowTestAccounts: true }))
    assert.deepEqual(
      queries.map((q) => q.query),
      ["ip = '10.0.0.1' AND customer_id NOT IN ('dmo', 'chg')", "ip = '10.0.0.1'"],
    )
  })

  test("rule 1: hidden = what the limit cut + what the answer's total did not send", async () => {
    const recent = [
      ev('a', '2024-01-09T00:00:03Z'),
      ev('b', '2024-01-09T00:00:02Z'),
      ev('c', '2024-01-09T00:00:01Z'),
    ]
    const { fake } = upstream({ recent: { events: recent, total: 10 } })
    const outcome = await observeOne(ip, context(fake))
    assert.equal(outcome.findings?.events.length, 2)
    const limit = outcome.errors.filter((e) => e.code === 'limit reached')
    assert.equal(limit.length, 1)
    assert.match(limit[0]?.message ?? '', /: 8 more sighting/)

    const { fake: exact } = upstream({ recent: { events: recent.slice(0, 2), total: 2 } })
    assert.deepEqual((await observeOne(ip, context(exact))).errors, [])
  })

  test('rule 5: events and detections with times CTIM refuses are dropped with a warning', async () => {
    const detections: DetectionsAnswer = {
      detections: [
        {
          uuid: 'd-bad',
          rule_uuid: 'r',
          first_seen: 'last tuesday',
          indicators: [{ field: 'src.ip', values: ['10.0.0.1'] }],
        },
        {
          uuid: 'd-ok',
          rule_uuid: 'r',
          first_seen: '2024-01-01T00:00:00.000000Z',
          indicators: [{ field: 'src.ip', values: ['10.0.0.1'] }],
        },
      ],
      rules: [{ uuid: 'r', name: 'rule' }],
    }
    const src = { ip: '10.0.0.1', internal: false }
    const { fake } = upstream({
      detections,
      events: {
        'd-bad': [ev('x', '2024-01-09T00:00:00Z', { src })],
        'd-ok': [
          ev('y', '2024-01-09T00:00:00Z', { src }),
          ev('z', '3000-01-01T00:00:00Z', { src }),
        ],
      },
      recent: { events: [ev('w', '2024-13-01T00:00:00Z')] },
    })
    const outcome = await observeOne(ip, context(fake, { limit: 100 }))
    assert.deepEqual(
      outcome.findings?.events.map((kept) => kept.event.uuid),
      ['y'],
    )
    const messages = outcome.errors.map((e) => e.message)
    assert.equal(messages.length, 2)
    assert.match(messages[0] ?? '', /detection d-bad .* skipped/)
    assert.match(messages[1] ?? '', /2 event\(s\) .* left out/)
  })

  test('rule 3: a gone Events API costs a warning, then no call until the mark ends', async () => {
    let now = 0
    const gate = createEventsAvailability({ clock: { now: () => now } }).gate('https://e.example')
    const notFound = new GtiError('404', {
      kind: 'client',
      status: 404,
      method: 'POST',
      url: 'https://e.example/v2/query',
      attempts: 1,
    })
    const { fake, queries } = upstream({ recent: notFound })
    const first = await observeOne(ip, context(fake, { eventsGate: gate }))
    assert.deepEqual(
      first.errors.map((e) => e.code),
      ['events unavailable'],
    )
    const second = await observeOne(ip, context(fake, { eventsGate: gate }))
    assert.deepEqual(
      second.errors.map((e) => e.code),
      ['events unavailable'],
    )
    assert.equal(queries.length, 1)
    now += 10 * 60 * 1000
    await observeOne(ip, context(fake, { eventsGate: gate }))
    assert.equal(queries.length, 2)
  })
})
