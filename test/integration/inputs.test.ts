/**
 * Hostile input never reaches ThreatINSIGHT: control characters, IQL quotes
 * and backslashes, duplicates and unsendable API keys are dealt with before
 * any upstream call, as the simulator's counters show.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { iqlFilter } from '../../src/observe/events-query.ts'
import { parseIql, WELL_KNOWN_OBSERVABLES } from '../../src/simulator/index.ts'
import { assertEnvelope } from '../support/envelope-shape.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

let h: Harness

before(async () => {
  h = await startHarness()
  // The first request fetches the signing keys; counters below are about ThreatINSIGHT only.
  await h.post('/refer/observables', [])
})
after(async () => {
  await h.close()
})

async function observe(observables: unknown, claims: Record<string, unknown> = {}) {
  const res = await h.post('/observe/observables', observables, { token: await h.token(claims) })
  assert.equal(res.status, 200)
  assertEnvelope(res.body)
  return res.body
}

const { ip, domain, md5, sha1, sha256 } = WELL_KNOWN_OBSERVABLES

describe('values refused before any upstream call', () => {
  test('control characters, in every type and position', async () => {
    const controls = ['\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029']
    const observables = controls.flatMap((c, i) => [
      { type: 'ip', value: i % 2 === 0 ? `${ip}${c}` : `${c}${ip}` },
      { type: 'domain', value: `sub${c}.${domain}` },
      { type: 'md5', value: `${md5.slice(0, 31)}${c}` },
      { type: 'sha1', value: `${c}${sha1.slice(1)}` },
      { type: 'sha256', value: `${sha256.slice(0, 32)}${c}${sha256.slice(33)}` },
    ])
    h.sim.resetStats()
    const body = await observe(observables)
    assert.equal(h.sim.stats().total, 0, 'nothing reached ThreatINSIGHT')
    assert.equal(body.data, undefined, 'no data beside the warnings')
    assert.equal(body.errors.length, observables.length)
    for (const error of body.errors) {
      assert.equal(error.code, 'invalid argument')
      assert.equal(error.type, 'warning')
      assert.match(error.message, /control characters/)
      // The value is shown escaped, never raw.
      assert.doesNotMatch(error.message, /[\p{Cc}\p{Cf}\u2028\u2029]/u)
    }
  })

  test('a value with a bidi override is refused and shown escaped', async () => {
    h.sim.resetStats()
    const body = await observe([{ type: 'domain', value: `\u202e${domain}` }])
    assert.equal(h.sim.stats().total, 0)
    assert.equal(body.errors.length, 1)
    assert.ok(body.errors[0].message.includes('\\u202e'), body.errors[0].message)
    assert.doesNotMatch(body.errors[0].message, /\u202e/)
  })

  test('IQL quotes and backslashes: no value carrying them reaches any route', async () => {
    const attacks = ["'", '\\', "\\'", "' or '1'='1", "') or (ip != '"]
    const observables = attacks.flatMap((attack) => [
      { type: 'ip', value: `${ip}${attack}` },
      { type: 'ip', value: `fe80::1%${attack}` },
      { type: 'domain', value: `${domain}${attack}` },
      { type: 'domain', value: `${attack}.${domain}` },
      { type: 'md5', value: `${md5.slice(0, 32 - attack.length)}${attack}` },
      { type: 'sha1', value: `${attack}${sha1.slice(attack.length)}` },
      { type: 'sha256', value: `${sha256.slice(0, 64 - attack.length)}${attack}` },
    ])
    h.sim.resetStats()
    const body = await observe(observables)
    const stats = h.sim.stats()
    for (const route of ['detections', 'detection-events', 'events-query', 'dhcp']) {
      assert.equal(stats.byRoute[route], undefined, `${route} was called`)
    }
    assert.equal(body.errors.length, observables.length)
    assert.ok(body.errors.every((e: any) => e.code === 'invalid argument' && e.type === 'warning'))
  })

  test('IQL escaping round-trips through an independent parser for any value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ip', 'domain', 'md5', 'sha1', 'sha256'),
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.stringMatching(/^['\\a ]*$/),
          fc.constantFrom("' or '1'='1", "\\' or ip != '", "\\\\'"),
        ),
        (type, value) => {
          const node = parseIql(iqlFilter({ type, value } as never))
          assert.equal(node.kind, 'compare')
          assert.equal((node as { value: unknown }).value, value)
        },
      ),
      { numRuns: 200 },
    )
  })

  test('duplicates are looked up once', async () => {
    h.sim.resetStats()
    const body = await observe([
      { type: 'ip', value: ip },
      { type: 'ip', value: ip, extra: 'ignored' },
      { type: 'domain', value: domain },
      { type: 'ip', value: ip },
      { type: 'domain', value: domain },
    ])
    const stats = h.sim.stats()
    assert.equal(stats.byRoute.detections, 2)
    assert.equal(stats.byRoute['events-query'], 2)
    assert.equal(body.errors, undefined)
    const values = new Set(body.data.sightings.docs.map((s: any) => s.observables[0].value))
    assert.deepEqual([...values], [ip, domain])
  })
})

describe('API keys that cannot be sent', () => {
  const keys = [
    'ключ-api',
    'schlüssel',
    'key with spaces',
    ' leading-space',
    'trailing-space ',
    'tab\tkey',
    'new\nline',
    'nul\u0000key',
    '',
    '🔑',
  ]
  for (const route of ['/observe/observables', '/health']) {
    test(`${route}: an authorization error and no upstream call`, async () => {
      h.sim.resetStats()
      for (const key of keys) {
        const token = await h.token({ key })
        const res = await h.post(route, [{ type: 'ip', value: ip }], { token })
        assert.equal(res.status, 200)
        assertEnvelope(res.body)
        assert.equal(res.body.data, undefined, JSON.stringify(key))
        assert.equal(res.body.errors.length, 1)
        assert.equal(res.body.errors[0].code, 'authorization error', JSON.stringify(key))
        assert.equal(res.body.errors[0].type, 'fatal')
        assert.match(res.body.errors[0].message, /^Authorization failed: /)
      }
      assert.equal(h.sim.stats().total, 0)
    })
  }
})
