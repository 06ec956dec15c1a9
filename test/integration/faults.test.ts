/**
 * Every upstream fault, alone and next to healthy observables: the answer
 * comes before the deadline, healthy data is complete, and the errors say
 * plainly which observable failed and why.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  type FaultName,
  type FaultRule,
  startSimulator,
  WELL_KNOWN_OBSERVABLES,
} from '../../src/simulator/index.ts'
import { assertEnvelope } from '../support/envelope-shape.ts'
import { freePort } from '../support/free-port.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

// A hang is only cut by this deadline, so an answer naming it proves the deadline held.
const DEADLINE_MS = 2500
const HEALTHY = Object.entries(WELL_KNOWN_OBSERVABLES).map(([type, value]) => ({ type, value }))
const HEALTHY_VALUES = new Set<string>(Object.values(WELL_KNOWN_OBSERVABLES))

interface Seen {
  count: number
  uuids: string[]
}

let h: Harness
let baseline: Map<string, Seen>
let baselineBody: any

function sightingsByValue(body: any): Map<string, Seen> {
  const seen = new Map<string, Seen>()
  for (const sighting of body.data?.sightings?.docs ?? []) {
    const value: string = sighting.observables[0].value
    const entry = seen.get(value) ?? { count: 0, uuids: [] }
    entry.count += 1
    entry.uuids.push(sighting.external_ids[0])
    seen.set(value, entry)
  }
  for (const entry of seen.values()) entry.uuids.sort()
  return seen
}

async function observe(harness: Harness, observables: unknown[]) {
  const token = await harness.token({ CTR_ENTITIES_LIMIT: 1000 })
  const res = await harness.post('/observe/observables', observables, { token })
  assert.equal(res.status, 200, res.text)
  assertEnvelope(res.body)
  return res.body
}

/** Every healthy observable's sightings are those it has when asked alone. */
function assertHealthyComplete(body: any): void {
  const seen = sightingsByValue(body)
  for (const value of HEALTHY_VALUES) {
    assert.deepEqual(seen.get(value), baseline.get(value), `data of ${value}`)
  }
}

/** Sightings present are a subset of the healthy ones (some part failed). */
function assertHealthySubset(body: any): void {
  for (const [value, { uuids }] of sightingsByValue(body)) {
    const known = new Set(baseline.get(value)?.uuids)
    assert.ok(
      uuids.every((uuid) => known.has(uuid)),
      `${value}: no sighting the healthy answer lacks`,
    )
  }
}

function faultValue(fault: FaultName): string {
  return `${fault}.fault.test`
}

const KEY_429 = 'key-for-the-429-tests'

// A 429 makes the whole key wait (per-key back-off), so it is tested on its own below.
const CAUSES: Record<Exclude<FaultName, 'http-401' | 'http-403' | 'http-429'>, RegExp> = {
  'http-500': /500 Internal Server Error/,
  'malformed-json': /is not JSON/,
  reset: /connection (reset|closed)/,
  hang: /did not answer/,
}

before(async () => {
  // Faults are injected on the same observables again and again: no answer cache here
  // (test/integration/answer-cache.test.ts covers it).
  h = await startHarness({
    env: { REQUEST_TIMEOUT_MS: String(DEADLINE_MS), ANSWER_CACHE_TTL_S: '0' },
    sim: { apiKeys: [KEY_429] },
  })
  baselineBody = await observe(h, HEALTHY)
  assert.equal(baselineBody.errors, undefined, JSON.stringify(baselineBody.errors))
  baseline = sightingsByValue(baselineBody)
  assert.equal(baseline.size, HEALTHY_VALUES.size, 'every well-known observable has sightings')
  // Asked one by one, each finds the same: the baseline is a property of the value.
  for (const observable of HEALTHY.slice(0, 2)) {
    const alone = sightingsByValue(await observe(h, [observable]))
    assert.deepEqual(alone.get(observable.value), baseline.get(observable.value))
  }
})
after(async () => {
  await h.close()
})

describe('authorization faults (401, 403)', () => {
  for (const fault of ['http-401', 'http-403'] as const) {
    test(`${fault}: an authorization error, fatal, alone and beside healthy data`, async () => {
      const alone = await observe(h, [{ type: 'domain', value: faultValue(fault) }])
      assert.equal(alone.data, undefined)
      assert.equal(alone.errors.length, 1)
      assert.equal(alone.errors[0].code, 'authorization error')
      assert.match(alone.errors[0].message, /^Authorization failed: /)
      assert.equal(alone.errors[0].type, 'fatal')

      const mixed = await observe(h, [...HEALTHY, { type: 'domain', value: faultValue(fault) }])
      assertHealthyComplete(mixed)
      assert.deepEqual(
        mixed.errors.map((e: any) => [e.code, e.type]),
        [['authorization error', 'fatal']],
      )
    })
  }

  test('a key ThreatINSIGHT refuses (fault-http-401 key) fails every observable the same way', async () => {
    const token = await h.token({ key: 'fault-http-401' })
    const res = await h.post('/observe/observables', HEALTHY, { token })
    assert.equal(res.body.data, undefined)
    assert.deepEqual(
      res.body.errors.map((e: any) => [e.code, e.type]),
      [['authorization error', 'fatal']],
      'one error, not one per observable',
    )
  })
})

describe('a 429 makes its key wait', () => {
  test('http-429 alone: fatal, naming the 429; its retries waited out each Retry-After', async () => {
    const token = await h.token({ key: KEY_429 })
    const value = faultValue('http-429')
    const alone = await h.post('/observe/observables', [{ type: 'domain', value }], { token })
    assert.equal(alone.body.data, undefined)
    assert.equal(alone.body.errors.length, 1, JSON.stringify(alone.body.errors))
    assert.equal(alone.body.errors[0].code, 'too many requests')
    assert.ok(alone.body.errors[0].message.includes(value))
    assert.match(alone.body.errors[0].message, /429 Too Many Requests/)
  })

  test('a Retry-After longer than the relay waits: later calls of that key are refused uncalled', async () => {
    const token = await h.token({ key: KEY_429 })
    h.sim.setFaults([
      { fault: 'http-429', route: 'detections', apiKey: KEY_429, retryAfterSeconds: 60, times: 1 },
    ])
    try {
      // Nothing is known about it, so its lookup ends with the refused call (no stray DHCP lookup).
      const unknown = { type: 'domain', value: 'nothing-known.example' }
      const first = await h.post('/observe/observables', [unknown], { token })
      assert.equal(first.body.errors[0].code, 'too many requests')
      h.sim.resetStats()
      const second = await h.post('/observe/observables', HEALTHY, { token })
      assert.equal(second.body.data, undefined)
      assert.ok(second.body.errors.length > 0)
      for (const error of second.body.errors) {
        assert.equal(error.code, 'too many requests')
        assert.match(error.message, /did not call/)
      }
      assert.equal(h.sim.stats().total, 0, 'nothing was sent upstream')
      // Another key is not held back.
      const other = await observe(h, [HEALTHY[0]])
      assert.equal(other.errors, undefined, JSON.stringify(other.errors))
    } finally {
      h.sim.setFaults([])
    }
  })
})

describe('other faults cost only their observable', () => {
  for (const [fault, cause] of Object.entries(CAUSES) as [keyof typeof CAUSES, RegExp][]) {
    test(`${fault}: alone → fatal; mixed → healthy data complete, one warning naming it`, async () => {
      const value = faultValue(fault)
      const alone = await observe(h, [{ type: 'domain', value }])
      assert.equal(alone.data, undefined)
      assert.equal(alone.errors.length, 1, JSON.stringify(alone.errors))
      assert.equal(alone.errors[0].type, 'fatal')
      assert.ok(alone.errors[0].message.includes(value), alone.errors[0].message)
      assert.match(alone.errors[0].message, cause)

      const mixed = await observe(h, [HEALTHY[0], { type: 'domain', value }, ...HEALTHY.slice(1)])
      assertHealthyComplete(mixed)
      assert.equal(mixed.errors.length, 1, JSON.stringify(mixed.errors))
      const [error] = mixed.errors
      assert.equal(error.type, 'warning')
      assert.ok(error.message.includes(value), error.message)
      assert.match(error.message, cause)
      assert.notEqual(error.code, 'internal error')
      for (const healthy of HEALTHY_VALUES) assert.equal(error.message.includes(healthy), false)
    })
  }

  test('two different faults in one request: two warnings, healthy data complete', async () => {
    const body = await observe(h, [
      { type: 'domain', value: faultValue('http-500') },
      ...HEALTHY,
      { type: 'domain', value: faultValue('malformed-json') },
    ])
    assertHealthyComplete(body)
    assert.equal(body.errors.length, 2)
    assert.ok(body.errors.every((e: any) => e.type === 'warning'))
    assert.ok(body.errors.some((e: any) => e.message.includes(faultValue('http-500'))))
    assert.ok(body.errors.some((e: any) => e.message.includes(faultValue('malformed-json'))))
  })
})

describe('a fault on one route only', () => {
  const withFaults = async (rules: FaultRule[], run: () => Promise<void>) => {
    h.sim.setFaults(rules)
    try {
      await run()
    } finally {
      h.sim.setFaults([])
    }
  }

  test('dhcp: every sighting kept, targets lose host names and MACs, a warning per observable', async () => {
    const hostnamed = (body: any) =>
      (body.data.sightings.docs as any[]).filter((s) =>
        (s.targets ?? []).some((t: any) =>
          t.observables.some((o: any) => o.type === 'hostname' || o.type === 'mac_address'),
        ),
      ).length
    assert.ok(hostnamed(baselineBody) > 0, 'the healthy answer has host names to lose')
    await withFaults([{ fault: 'http-500', route: 'dhcp' }], async () => {
      const body = await observe(h, HEALTHY)
      assertHealthyComplete(body)
      assert.equal(hostnamed(body), 0)
      assert.ok(body.data.sightings.docs.some((s: any) => s.targets !== undefined))
      assert.ok(body.errors.length > 0)
      for (const error of body.errors) {
        assert.equal(error.type, 'warning')
        assert.match(error.message, /DHCP/)
        assert.ok(
          [...HEALTHY_VALUES].some((v) => error.message.includes(v)),
          error.message,
        )
      }
    })
  })

  test('detection-events: recent events still answered, no indicators, warnings name the value', async () => {
    await withFaults([{ fault: 'http-500', route: 'detection-events' }], async () => {
      const body = await observe(h, HEALTHY)
      assertHealthySubset(body)
      assert.equal(body.data.indicators, undefined, 'no event attached to a detection')
      assert.ok(body.errors.length > 0)
      for (const error of body.errors) {
        assert.equal(error.type, 'warning')
        assert.match(error.message, /events of detection .* failed: .*500/)
        assert.ok(
          [...HEALTHY_VALUES].some((v) => error.message.includes(v)),
          error.message,
        )
      }
    })
  })

  test('events-query: detection events still answered, one warning per observable', async () => {
    await withFaults([{ fault: 'malformed-json', route: 'events-query' }], async () => {
      const body = await observe(h, HEALTHY)
      assertHealthySubset(body)
      assert.ok(body.data.indicators.count > 0)
      assert.equal(body.errors.length, HEALTHY.length)
      for (const { value } of HEALTHY) {
        const error = body.errors.find((e: any) => e.message.includes(value))
        assert.ok(error, `a warning names ${value}`)
        assert.equal(error.type, 'warning')
        assert.match(error.message, /events search .* failed: .*is not JSON/)
      }
    })
  })

  test('429 with Retry-After, then success: data complete, no error', async () => {
    await withFaults(
      [{ fault: 'http-429', route: 'detections', times: 1, retryAfterSeconds: 1 }],
      async () => {
        h.sim.resetStats()
        const body = await observe(h, HEALTHY)
        assert.equal(body.errors, undefined, JSON.stringify(body.errors))
        assertHealthyComplete(body)
        assert.equal(h.sim.stats().faults['http-429'], 1)
      },
    )
  })

  test('one observable hanging costs at most the deadline; the others arrive in full', async () => {
    const { ip } = WELL_KNOWN_OBSERVABLES
    await withFaults([{ fault: 'hang', route: 'events-query', value: ip }], async () => {
      const body = await observe(h, HEALTHY)
      const seen = sightingsByValue(body)
      for (const value of HEALTHY_VALUES) {
        if (value !== ip) assert.deepEqual(seen.get(value), baseline.get(value), value)
      }
      // Which call notices the deadline first varies (the hanging search, or a later one cut
      // short), so there may be more than one error; each must be about the hanging observable.
      assert.ok(body.errors.length >= 1)
      for (const error of body.errors) {
        assert.equal(error.code, 'gateway timeout')
        assert.equal(error.type, 'warning')
        assert.ok(error.message.includes(ip), error.message)
      }
    })
    const again = await observe(h, [{ type: 'ip', value: ip }])
    assert.deepEqual(sightingsByValue(again).get(ip), baseline.get(ip), 'no lasting harm')
  })
})

describe('transport faults: TLS not trusted, connection refused', () => {
  const cases = [
    { name: 'TLS certificate not trusted', cause: /TLS certificate verification failed/ },
    { name: 'connection refused', cause: /connection refused/ },
  ] as const

  for (const { name, cause } of cases) {
    test(`${name}: all APIs → one fatal error per observable; Events API only → warnings`, async () => {
      const https = name.startsWith('TLS')
        ? await startSimulator({ https: true, dataset: h.sim.dataset })
        : undefined
      const badOrigin = https?.url ?? `http://127.0.0.1:${await freePort()}`
      const bad = {
        detections: `${badOrigin}/detections/v1/`,
        events: `${badOrigin}/events/v2/`,
        entity: `${badOrigin}/entity/v2/`,
      }
      const sim = { dataset: h.sim.dataset }
      const env = { REQUEST_TIMEOUT_MS: String(DEADLINE_MS) }
      const allBad = await startHarness({
        sim,
        env: {
          ...env,
          GTI_DETECTIONS_API_URL: bad.detections,
          GTI_EVENTS_API_URL: bad.events,
          GTI_ENTITY_API_URL: bad.entity,
        },
      })
      const eventsBad = await startHarness({ sim, env: { ...env, GTI_EVENTS_API_URL: bad.events } })
      try {
        const none = await observe(allBad, HEALTHY)
        assert.equal(none.data, undefined)
        assert.equal(none.errors.length, HEALTHY.length)
        for (const { value } of HEALTHY) {
          const error = none.errors.find((e: any) => e.message.includes(value))
          assert.ok(error, `an error names ${value}`)
          assert.equal(error.type, 'fatal')
          assert.equal(error.code, 'connection error')
          assert.match(error.message, cause)
        }

        const partial = await observe(eventsBad, HEALTHY)
        assertHealthySubset(partial)
        assert.ok(partial.data.indicators.count > 0)
        assert.equal(partial.errors.length, HEALTHY.length)
        for (const { value } of HEALTHY) {
          const error = partial.errors.find((e: any) => e.message.includes(value))
          assert.ok(error, `a warning names ${value}`)
          assert.equal(error.type, 'warning')
          assert.match(error.message, cause)
        }
        if (https !== undefined) assert.equal(https.stats().total, 0, 'no request got through')
      } finally {
        await allBad.close()
        await eventsBad.close()
        await https?.close()
      }
    })
  }
})
