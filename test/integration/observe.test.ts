/**
 * Observe end to end over HTTP: relay → simulator → CTIM.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { WELL_KNOWN_OBSERVABLES } from '../../src/simulator/index.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

let h: Harness
const TEST_ACCOUNTS = new Set([
  'dmo',
  'chg',
  '6bc3d2f1-af77-4236-a9db-17dacd06e4d9',
  'f6f6f836-8bcd-4f5d-bd61-68d303c4f634',
])

before(async () => {
  h = await startHarness()
})
after(async () => {
  await h.close()
})

async function observe(observables: unknown, claims: Record<string, unknown> = {}) {
  const res = await h.post('/observe/observables', observables, { token: await h.token(claims) })
  assert.equal(res.status, 200)
  return res.body
}

function eventAccount(uuid: string): string | undefined {
  return h.sim.dataset.events.find((event) => event.uuid === uuid)?.customer_id
}

describe('observe against the simulator', () => {
  for (const [type, value] of Object.entries(WELL_KNOWN_OBSERVABLES)) {
    test(`${type} ${value}: sightings, indicators and relationships`, async () => {
      const body = await observe([{ type, value }])
      assert.equal(body.errors, undefined, JSON.stringify(body.errors))
      const { sightings, indicators, relationships } = body.data
      assert.ok(sightings.count > 0)
      assert.ok(indicators.count > 0)
      assert.ok(relationships.count > 0)
      for (const bundle of [sightings, indicators, relationships]) {
        assert.equal(bundle.count, bundle.docs.length)
      }
      const sightingIds = new Set(sightings.docs.map((s: any) => s.id))
      const indicatorIds = new Set(indicators.docs.map((i: any) => i.id))
      const judgementIds = new Set((body.data.judgements?.docs ?? []).map((j: any) => j.id))
      assert.equal(indicatorIds.size, indicators.count, 'indicator ids are unique')
      for (const rel of relationships.docs) {
        // deliberate.md "In observe" adds judgement → indicator `based-on` links beside the
        // sighting → indicator `sighting-of` ones.
        const from = rel.relationship_type === 'based-on' ? judgementIds : sightingIds
        assert.ok(from.has(rel.source_ref))
        assert.ok(indicatorIds.has(rel.target_ref))
      }
      for (const sighting of sightings.docs) {
        assert.deepEqual(sighting.observables, [{ type, value }])
        assert.equal(sighting.schema_version, '1.3.28')
        assert.equal(sighting.source, 'Gigamon ThreatINSIGHT')
      }
      // Changed by observe v2 rule 7: passive DNS and file sightings follow the event sightings,
      // so the newest-first order is checked on the event sightings (those linking one event).
      const times = sightings.docs
        .filter((s: any) => /search\?query=uuid\+%3D/.test(s.external_references[0].url))
        .map((s: any) => Date.parse(s.observed_time.start_time))
      assert.deepEqual(
        times,
        [...times].sort((a: number, b: number) => b - a),
        'newest first',
      )
    })
  }

  test('a mixed request answers each observable correctly, in request order', async () => {
    const body = await observe([
      { type: 'domain', value: WELL_KNOWN_OBSERVABLES.domain },
      { type: 'url', value: 'http://ignored.example/' },
      { type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip },
      { type: 'domain', value: WELL_KNOWN_OBSERVABLES.domain },
      { type: 'ip', value: 'not-an-ip' },
      { type: 'md5', value: 'xyz' },
    ])
    const observed = body.data.sightings.docs.map((s: any) => s.observables[0].value)
    const firstIp = observed.indexOf(WELL_KNOWN_OBSERVABLES.ip)
    assert.ok(firstIp > 0)
    assert.ok(observed.slice(0, firstIp).every((v: string) => v === WELL_KNOWN_OBSERVABLES.domain))
    assert.ok(observed.slice(firstIp).every((v: string) => v === WELL_KNOWN_OBSERVABLES.ip))
    const alone = await observe([{ type: 'domain', value: WELL_KNOWN_OBSERVABLES.domain }])
    assert.equal(firstIp, alone.data.sightings.count, 'the duplicate is looked up once')
    assert.deepEqual(
      body.errors.map((e: any) => [e.code, e.type]),
      [
        ['invalid argument', 'warning'],
        ['invalid argument', 'warning'],
      ],
    )
    assert.match(body.errors[0].message, /not-an-ip/)
    assert.match(body.errors[1].message, /xyz/)
  })

  test('test accounts are hidden unless the token allows them', async () => {
    const withTest = h.sim.dataset.detections.find(
      (d) => d.status === 'active' && TEST_ACCOUNTS.has(d.account_uuid),
    )
    assert.ok(withTest, 'the dataset has active test-account detections')
    const indicator = withTest.indicators.find((i) =>
      /(^|[.:])(ip|domain|md5|sha1|sha256)$/.test(i.field),
    )
    assert.ok(indicator)
    const type = indicator.field.split('.').at(-1) as string
    const value = indicator.values[0] as string
    const hidden = await observe([{ type, value }], { GTI_ALLOW_TEST_ACCOUNTS: false })
    const shown = await observe([{ type, value }], { GTI_ALLOW_TEST_ACCOUNTS: 'yes' })
    const accountsOf = (body: any) =>
      (body.data.sightings?.docs ?? []).map((s: any) => eventAccount(s.external_ids[0]))
    assert.ok(accountsOf(hidden).every((a: string) => !TEST_ACCOUNTS.has(a)))
    assert.ok(accountsOf(shown).some((a: string) => TEST_ACCOUNTS.has(a)))
  })

  test('the entities limit caps sightings per observable and says so', async () => {
    const body = await observe([{ type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }], {
      CTR_ENTITIES_LIMIT: ' +2 ',
    })
    assert.equal(body.data.sightings.count, 2)
    assert.equal(body.errors.length, 1)
    assert.equal(body.errors[0].code, 'limit reached')
    assert.equal(body.errors[0].type, 'warning')
  })

  test("one observable's upstream failure costs only its data and names it", async () => {
    const body = await observe([
      { type: 'domain', value: 'http-500.fault.test' },
      { type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip },
    ])
    assert.ok(body.data.sightings.count > 0)
    assert.ok(
      body.data.sightings.docs.every(
        (s: any) => s.observables[0].value === WELL_KNOWN_OBSERVABLES.ip,
      ),
    )
    assert.equal(body.errors.length, 1)
    assert.equal(body.errors[0].type, 'warning')
    assert.match(body.errors[0].message, /http-500\.fault\.test/)
  })

  test('when nothing could be answered the failure is fatal', async () => {
    const body = await observe([{ type: 'domain', value: 'http-500.fault.test' }])
    assert.equal(body.data, undefined)
    assert.equal(body.errors[0].type, 'fatal')
  })

  test('an unknown value answers empty data', async () => {
    const body = await observe([{ type: 'ip', value: '203.0.113.254' }])
    assert.deepEqual(body, { data: {} })
  })

  test('an invalid ThreatINSIGHT key is an authorization error', async () => {
    const body = await observe([{ type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }], {
      key: 'not-a-simulator-key',
    })
    assert.equal(body.errors.length, 1)
    assert.equal(body.errors[0].code, 'authorization error')
    assert.match(body.errors[0].message, /^Authorization failed: /)
    assert.equal(body.errors[0].type, 'fatal')
  })
})
