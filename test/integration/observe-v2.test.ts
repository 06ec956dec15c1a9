/**
 * Observe v2 (observe.md "Version 2") end to end over HTTP: relay → simulator → CTIM.
 * Each test names the rule it shows.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  MORE_OBSERVABLES,
  matchesIql,
  parseIql,
  type SimEvent,
  WELL_KNOWN_OBSERVABLES,
} from '../../src/simulator/index.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

const DAY_MS = 24 * 60 * 60 * 1000
const TEST_CODES = new Set(['dmo', 'chg'])

async function observe(h: Harness, observables: unknown, claims: Record<string, unknown> = {}) {
  const res = await h.post('/observe/observables', observables, { token: await h.token(claims) })
  assert.equal(res.status, 200)
  return res.body
}

/** Events the simulator holds for an IQL filter inside the relay's 7-day window. */
function eventsMatching(h: Harness, iql: string, allowTest: boolean): SimEvent[] {
  const tree = parseIql(iql)
  const now = Date.now()
  return h.sim.dataset.events.filter(
    (event) =>
      matchesIql(tree, event) &&
      Date.parse(event.timestamp) >= now - 7 * DAY_MS &&
      (allowTest || !TEST_CODES.has(event.customer_id)),
  )
}

describe('observe v2 against the simulator', () => {
  let h: Harness
  before(async () => {
    h = await startHarness()
  })
  after(async () => {
    await h.close()
  })

  test('rule 1: 8.8.8.8 shows min(limit, real events) and the exact number hidden', async () => {
    const value = '8.8.8.8'
    assert.ok(
      h.sim.dataset.detections.every((d) => d.indicators.every((i) => !i.values.includes(value))),
      'no detection names 8.8.8.8: every sighting comes from the events query',
    )
    const real = eventsMatching(h, `ip = '${value}'`, false).length
    assert.ok(real > 100, `the demo data has more than 100 real events for ${value} (${real})`)
    h.sim.resetStats()
    const body = await observe(h, [{ type: 'ip', value }])
    assert.equal(body.data.sightings.count, Math.min(100, real))
    const limit = body.errors.filter((e: any) => e.code === 'limit reached')
    assert.equal(limit.length, 1)
    assert.match(limit[0].message, new RegExp(`: ${real - 100} more event`))
    for (const sighting of body.data.sightings.docs) {
      const event = h.sim.dataset.events.find((e) => e.uuid === sighting.external_ids[0])
      assert.ok(event && !TEST_CODES.has(event.customer_id), 'no test-account event is shown')
    }

    const everything = await observe(h, [{ type: 'ip', value }], { CTR_ENTITIES_LIMIT: 1000 })
    assert.equal(everything.data.sightings.count, real)
    assert.equal(everything.errors, undefined)

    const withTest = eventsMatching(h, `ip = '${value}'`, true).length
    const allowed = await observe(h, [{ type: 'ip', value }], {
      GTI_ALLOW_TEST_ACCOUNTS: true,
      CTR_ENTITIES_LIMIT: 1000,
    })
    assert.equal(allowed.data.sightings.count, withTest)
    assert.ok(withTest > real)
  })
})

describe('observe v2 rule 3: an Events API that is gone', () => {
  let h: Harness
  let offsetMs = 0
  before(async () => {
    h = await startHarness({ clock: { now: () => Date.now() + offsetMs } })
  })
  after(async () => {
    await h.close()
  })

  const eventsCalls = () => h.sim.stats().byRoute['events-query'] ?? 0

  test('one warning per request, no query while marked, asked again after 10 minutes', async () => {
    const ip = [{ type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }]
    const healthy = await observe(h, ip)
    assert.equal(healthy.errors, undefined)

    h.sim.setEventsApi('gone-404')
    h.sim.resetStats()
    const first = await observe(h, ip)
    assert.equal(eventsCalls(), 1)
    assert.deepEqual(
      first.errors.map((e: any) => [e.code, e.type]),
      [['events unavailable', 'warning']],
    )
    assert.ok(first.data.sightings.count > 0, 'the detection chain still answers')

    // Twenty observables, nine minutes later: still marked, one warning, not one query.
    offsetMs = 9 * 60 * 1000
    h.sim.setEventsApi('up')
    h.sim.resetStats()
    const wide = Object.entries(WELL_KNOWN_OBSERVABLES).map(([type, value]) => ({ type, value }))
    const many = [
      ...wide,
      ...Array.from({ length: 15 }, (_, i) => ({ type: 'ip', value: `198.51.100.${i + 1}` })),
    ]
    assert.equal(many.length, 20)
    const second = await observe(h, many)
    assert.equal(eventsCalls(), 0)
    assert.deepEqual(
      second.errors.map((e: any) => e.code),
      ['events unavailable'],
    )
    assert.ok((h.sim.stats().byRoute.detections ?? 0) >= 20)

    offsetMs = 10 * 60 * 1000 + 1000
    h.sim.resetStats()
    const later = await observe(h, ip)
    assert.equal(eventsCalls(), 1)
    assert.equal(later.errors, undefined)
  })

  test('410 and 501 mark it too', async () => {
    for (const [mode, step] of [
      ['gone-410', 25],
      ['gone-501', 40],
    ] as const) {
      // Minutes ahead, each past the previous mark (tokens stay valid for an hour).
      offsetMs = step * 60 * 1000
      h.sim.setEventsApi(mode)
      h.sim.resetStats()
      const body = await observe(h, [{ type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }])
      assert.deepEqual(
        body.errors.map((e: any) => e.code),
        ['events unavailable'],
      )
      await observe(h, [{ type: 'domain', value: WELL_KNOWN_OBSERVABLES.domain }])
      assert.equal(eventsCalls(), 1, mode)
    }
    h.sim.setEventsApi('up')
  })
})

describe('observe v2 rule 3: GTI_EVENTS_API_URL=none', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ env: { GTI_EVENTS_API_URL: 'none' } })
  })
  after(async () => {
    await h.close()
  })

  test('turns the events step off without a warning', async () => {
    h.sim.resetStats()
    const body = await observe(h, [{ type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }])
    assert.equal(body.errors, undefined)
    assert.ok(body.data.sightings.count > 0)
    assert.equal(h.sim.stats().byRoute['events-query'] ?? 0, 0)
  })
})

describe('observe v2 rule 6: ipv6, user_agent and email', () => {
  let h: Harness
  before(async () => {
    h = await startHarness()
  })
  after(async () => {
    await h.close()
  })

  for (const [type, value] of Object.entries(MORE_OBSERVABLES)) {
    test(`${type} returns sightings of that observable, real accounts only`, async () => {
      h.sim.resetStats()
      const body = await observe(h, [{ type, value }])
      assert.equal(body.errors, undefined, JSON.stringify(body.errors))
      const sightings = body.data.sightings.docs.filter((s: any) => s.external_ids.length === 1)
      assert.ok(sightings.length > 0)
      for (const sighting of body.data.sightings.docs) {
        assert.deepEqual(sighting.observables, [{ type, value }])
      }
      const field = type === 'ipv6' ? 'ip' : type
      const expected = eventsMatching(h, `${field} = '${value.replace(/[\\']/g, '\\$&')}'`, false)
      const eventIds = new Set(expected.map((event) => event.uuid))
      const fromEvents = body.data.sightings.docs.filter((s: any) =>
        eventIds.has(s.external_ids[0]),
      )
      assert.equal(fromEvents.length, expected.length, 'every real event of the value is shown')
      assert.equal(h.sim.stats().byRoute['events-query'], 1)
    })
  }

  test('ipv6 is looked up in canonical form and an email in any case', async () => {
    const upper = await observe(h, [
      { type: 'ipv6', value: '2001:0DB8:0005:0001:0000:0000:0000:0BAD' },
      { type: 'email', value: MORE_OBSERVABLES.email.toUpperCase() },
    ])
    const byType = (type: string) =>
      upper.data.sightings.docs.filter((s: any) => s.observables[0].type === type).length
    assert.ok(byType('ipv6') > 0)
    assert.ok(byType('email') > 0)
  })

  test('refer has a link for each type', async () => {
    const res = await h.post(
      '/refer/observables',
      Object.entries(MORE_OBSERVABLES).map(([type, value]) => ({ type, value })),
    )
    assert.deepEqual(
      res.body.data.map((link: any) => link.title),
      ['Search for this IPv6', 'Search for this user agent', 'Search for this email'],
    )
  })

  test('invalid values of the new types are skipped with a warning', async () => {
    const body = await observe(h, [
      { type: 'ipv6', value: '10.0.0.1' },
      { type: 'email', value: "o'brien" },
      { type: 'user_agent', value: 'bad\u0000agent' },
    ])
    assert.deepEqual(
      body.errors.map((e: any) => e.code),
      ['invalid argument', 'invalid argument', 'invalid argument'],
    )
  })
})
