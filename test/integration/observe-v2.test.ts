/**
 * Observe v2 (observe.md "Version 2") end to end over HTTP: relay → simulator → CTIM.
 * Each test names the rule it shows.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  DEMO_ACCOUNT_UUID,
  generateDataset,
  IPV6_DOMAIN,
  MORE_OBSERVABLES,
  matchesIql,
  parseIql,
  type SimEvent,
  TRAINING_ACCOUNT_UUID,
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
    assert.match(limit[0].message, new RegExp(`: ${real - 100} more sighting`))
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
    // No answer cache: the same observable is asked again to see the Events API asked again.
    h = await startHarness({
      clock: { now: () => Date.now() + offsetMs },
      env: { ANSWER_CACHE_TTL_S: '0' },
    })
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

describe('observe v2 rule 7: entity enrichments', () => {
  let h: Harness
  before(async () => {
    h = await startHarness()
  })
  after(async () => {
    await h.close()
  })

  const entitySightings = (body: any) =>
    body.data.sightings.docs.filter(
      (s: any) => !/search\?query=uuid\+%3D/.test(s.external_references[0].url),
    )

  test('passive DNS sightings follow the event sightings for a known domain', async () => {
    const domain = WELL_KNOWN_OBSERVABLES.domain
    const body = await observe(h, [{ type: 'domain', value: domain }], { CTR_ENTITIES_LIMIT: 1000 })
    assert.equal(body.errors, undefined, JSON.stringify(body.errors))
    const docs = body.data.sightings.docs
    const pdns = entitySightings(body)
    assert.ok(pdns.length > 0, 'pdns sightings')
    assert.deepEqual(docs.slice(-pdns.length), pdns, 'after every event sighting')
    for (const sighting of pdns) {
      assert.deepEqual(sighting.observables, [{ type: 'domain', value: domain }])
      assert.equal(sighting.relations.length, 1)
      const [relation] = sighting.relations
      assert.equal(relation.relation, 'Resolved_To')
      assert.deepEqual(relation.source, { type: 'domain', value: domain })
      assert.match(sighting.description, /resolve to/)
      assert.ok(sighting.observed_time.start_time <= sighting.observed_time.end_time)
    }
    const ends = pdns.map((s: any) => Date.parse(s.observed_time.end_time))
    assert.deepEqual(
      ends,
      [...ends].sort((a: number, b: number) => b - a),
      'newest last_seen first',
    )
    // The records come from real accounts' DNS answers only.
    const answers = new Set(
      eventsMatching(h, `dns:query.domain = '${domain}'`, false).flatMap((e: any) =>
        (e.answers ?? []).map((a: any) => a.ip),
      ),
    )
    for (const sighting of pdns) assert.ok(answers.has(sighting.relations[0].related.value))
  })

  test('an IPv6 address gets AAAA sightings from the name that resolved to it', async () => {
    const body = await observe(h, [{ type: 'ipv6', value: MORE_OBSERVABLES.ipv6 }])
    const pdns = entitySightings(body)
    assert.ok(pdns.length > 0)
    assert.deepEqual(pdns[0].relations[0], {
      origin: 'Gigamon ThreatINSIGHT',
      source: { type: 'domain', value: IPV6_DOMAIN },
      relation: 'Resolved_To',
      related: { type: 'ipv6', value: MORE_OBSERVABLES.ipv6 },
    })
  })

  test('a known hash gets one file sighting with its other hashes and a table', async () => {
    for (const type of ['sha256', 'md5'] as const) {
      const value = WELL_KNOWN_OBSERVABLES[type]
      const body = await observe(h, [{ type, value }], { CTR_ENTITIES_LIMIT: 1000 })
      assert.equal(body.errors, undefined, JSON.stringify(body.errors))
      const files = entitySightings(body)
      assert.equal(files.length, 1)
      const [file] = files
      assert.equal(body.data.sightings.docs.at(-1), file, 'the file sighting comes last')
      assert.ok(file.count >= 1)
      const related = file.relations.map((r: any) => [r.relation, r.related.type])
      assert.deepEqual(
        related,
        ['md5', 'sha1', 'sha256'].filter((t) => t !== type).map((t) => ['Related_To', t]),
      )
      const columns = file.data.columns.map((c: any) => c.name)
      assert.ok(columns.includes('Internal Prevalence'), columns.join())
      assert.ok(columns.includes('File Names'))
    }
  })

  test('an unknown hash is nothing; a failed entity lookup costs only a warning', async () => {
    const unknown = await observe(h, [{ type: 'md5', value: 'f'.repeat(32) }])
    assert.deepEqual(unknown, { data: {} })
    h.sim.setFaults([{ fault: 'http-500', route: 'entity-pdns' }])
    try {
      const body = await observe(h, [{ type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }])
      assert.ok(body.data.sightings.count > 0)
      assert.deepEqual(
        body.errors.map((e: any) => [e.code, e.type]),
        [['service unavailable', 'warning']],
      )
      assert.match(body.errors[0].message, /passive DNS lookup/)
    } finally {
      h.sim.setFaults([])
    }
  })
})

describe('observe v2 rule 7: no extra round trip', () => {
  let h: Harness
  before(async () => {
    // Each upstream call takes 50 ms, so calls made side by side are seen in flight together.
    h = await startHarness({ sim: { latencyMs: 50 } })
  })
  after(async () => {
    await h.close()
  })

  test('the entity lookup is asked beside the detections and events calls', async () => {
    for (const [type, value] of [
      ['domain', WELL_KNOWN_OBSERVABLES.domain],
      ['sha256', WELL_KNOWN_OBSERVABLES.sha256],
    ]) {
      h.sim.resetStats()
      await observe(h, [{ type, value }])
      const stats = h.sim.stats()
      assert.equal(
        (stats.byRoute['entity-pdns'] ?? 0) + (stats.byRoute['entity-file'] ?? 0),
        1,
        String(type),
      )
      assert.ok(stats.peakInFlight >= 3, `${type}: ${stats.peakInFlight} calls in flight at most`)
    }
  })
})

describe('observe v2 rules 4 and 5: ATT&CK and hostile upstream data', () => {
  let h: Harness
  const longName = `Very long rule ${'n'.repeat(5000)}`.slice(0, 5000)
  before(async () => {
    const dataset = generateDataset({ seed: 1 })
    const ip = WELL_KNOWN_OBSERVABLES.ip
    // The first active detection of the well-known ip gets a hostile rule and a broken event.
    const detection = dataset.detections.find(
      (d) =>
        d.status === 'active' &&
        d.account_uuid !== DEMO_ACCOUNT_UUID &&
        d.account_uuid !== TRAINING_ACCOUNT_UUID &&
        d.indicators.some((i) => i.values.includes(ip)),
    )
    assert.ok(detection)
    const rule = dataset.rules.find((r) => r.uuid === detection.rule_uuid)
    assert.ok(rule)
    rule.name = longName
    rule.category = 'c'.repeat(3000)
    rule.primary_attack_id = 'T1071.001'
    rule.secondary_attack_id = 'T1105'
    const behind = new Set(dataset.detectionEvents[detection.uuid])
    const event = dataset.events.find((e) => behind.has(e.uuid) && e.dst.ip === ip)
    assert.ok(event)
    event.timestamp = 'not a time'
    h = await startHarness({ sim: { dataset } })
  })
  after(async () => {
    await h.close()
  })

  test('rule 4: indicators carry MITRE ATT&CK references after the rule page', async () => {
    const body = await observe(h, [{ type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }])
    const withAttack = body.data.indicators.docs.filter((i: any) =>
      i.external_references.some((r: any) => r.source_name === 'MITRE ATT&CK'),
    )
    assert.ok(withAttack.length > 0)
    for (const indicator of withAttack) {
      assert.equal(indicator.external_references[0].source_name, 'Gigamon ThreatINSIGHT')
      for (const ref of indicator.external_references.slice(1)) {
        assert.equal(
          ref.url,
          `https://attack.mitre.org/techniques/${ref.external_id.replace('.', '/')}/`,
        )
      }
    }
  })

  test('rule 5: a 5,000-character rule name is cut to 1,024 with …; a bad timestamp drops its event', async () => {
    const body = await observe(h, [{ type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }])
    const hostile = body.data.indicators.docs.find((i: any) => i.title.startsWith('Very long rule'))
    assert.ok(hostile, 'the hostile rule is answered')
    assert.equal(hostile.title.length, 1024)
    assert.ok(hostile.title.endsWith('…'))
    assert.equal(hostile.short_description.length, 2048)
    assert.equal(hostile.tags[0].length, 1024)
    assert.deepEqual(
      hostile.external_references.slice(1).map((r: any) => r.external_id),
      ['T1071.001', 'T1105'],
    )
    for (const sighting of body.data.sightings.docs) {
      assert.notEqual(sighting.observed_time.start_time, 'not a time')
      assert.ok(sighting.description.length <= 5000)
    }
    const dropped = body.errors.filter((e: any) =>
      /timestamp is not an ISO-8601 time/.test(e.message),
    )
    assert.equal(dropped.length, 1)
    assert.equal(dropped[0].type, 'warning')
  })
})
