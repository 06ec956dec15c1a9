/**
 * Dashboard tiles end to end over HTTP: relay → simulator, every tile and
 * period, validation, exact counts against the simulator's data, one fetch
 * sequence per query shared by the five tiles, and the cap warning.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { SimDetection } from '../../src/simulator/index.ts'
import { PERIODS, TILE_IDS } from '../../src/tiles/index.ts'
import { assertEnvelope } from '../support/envelope-shape.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

const TEST_ACCOUNTS = new Set([
  '6bc3d2f1-af77-4236-a9db-17dacd06e4d9',
  'f6f6f836-8bcd-4f5d-bd61-68d303c4f634',
])
// A key no other test uses, so nothing of it is cached yet.
const FRESH_KEY = 'sim-api-key-tiles-fresh'
const FAULTY_KEY = 'sim-api-key-tiles-faulty'
const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/

let h: Harness
before(async () => {
  h = await startHarness({
    sim: { size: { events: 300, detections: 150 }, apiKeys: [FRESH_KEY, FAULTY_KEY] },
  })
})
after(async () => {
  await h.close()
})

const counted = (d: SimDetection, allowTest = false) =>
  !d.muted && !d.muted_rule && !d.muted_device && (allowTest || !TEST_ACCOUNTS.has(d.account_uuid))

function newIn(body: any, allowTest = false): SimDetection[] {
  const start = Date.parse(body.data.observed_time.start_time)
  const end = Date.parse(body.data.observed_time.end_time)
  return h.sim.dataset.detections.filter((d) => {
    const created = Date.parse(d.created)
    return counted(d, allowTest) && created >= start && created < end
  })
}

const severityOf = (d: SimDetection) =>
  h.sim.dataset.rules.find((rule) => rule.uuid === d.rule_uuid)?.severity ?? 'other'

async function tileData(tile_id: string, period: string, claims: Record<string, unknown> = {}) {
  const res = await h.post(
    '/tiles/tile-data',
    { tile_id, period },
    { token: await h.token(claims) },
  )
  assert.equal(res.status, 200)
  assertEnvelope(res.body)
  return res.body
}

function assertShape(tile: string, data: any): void {
  switch (tile) {
    case 'gti-detection-overview':
      assert.equal(data.data.length, 4)
      for (const metric of data.data) {
        assert.deepEqual(Object.keys(metric).sort(), [
          'icon',
          'label',
          'link_uri',
          'value',
          'value_unit',
        ])
        assert.ok(Number.isInteger(metric.value) && metric.value >= 0)
      }
      break
    case 'gti-detections-by-severity':
      assert.equal(data.labels.length, 2)
      assert.deepEqual(data.label_headers, ['Severity', 'Category'])
      for (const slice of data.data) {
        assert.equal(typeof data.labels[0][slice.key], 'string')
        for (const segment of slice.segments) {
          assert.equal(typeof data.labels[1][segment.key], 'string')
        }
        assert.equal(
          slice.value,
          slice.segments.reduce((sum: number, s: { value: number }) => sum + s.value, 0),
        )
      }
      break
    case 'gti-detections-over-time':
    case 'gti-top-rules':
      assert.deepEqual(
        data.keys.map((key: { key: string }) => key.key),
        ['high', 'moderate', 'low', 'other'],
      )
      assert.equal(data.key_type, tile === 'gti-top-rules' ? 'string' : 'timestamp')
      for (const bar of data.data) {
        assert.equal(typeof bar.label, 'string')
        assert.equal(
          bar.value,
          bar.values.reduce((sum: number, v: { value: number }) => sum + v.value, 0),
        )
        for (const value of bar.values) {
          // Over time, "other" has no portal filter, so it has no link.
          if (tile === 'gti-detections-over-time' && value.key === 'other') {
            assert.equal(value.link_uri, undefined)
          } else assert.match(value.link_uri, /^https?:\/\//)
        }
      }
      break
    case 'gti-top-devices':
      assert.ok(data.data.every((line: unknown) => typeof line === 'string'))
      break
    default:
      assert.fail(`unknown tile ${tile}`)
  }
}

describe('tiles over HTTP', () => {
  test('/tiles lists the five definitions; /tiles/tile answers each', async () => {
    const list = await h.post('/tiles', undefined)
    assert.equal(list.status, 200)
    assert.deepEqual(
      list.body.data.map((tile: { id: string }) => tile.id),
      [...TILE_IDS],
    )
    for (const tile of list.body.data) {
      assert.deepEqual(tile.tags, ['Gigamon ThreatINSIGHT', 'network', 'detections'])
      assert.deepEqual(tile.periods, [...PERIODS])
      assert.equal(tile.default_period, 'last_7_days')
      const one = await h.post('/tiles/tile', { tile_id: tile.id })
      assert.deepEqual(one.body, { data: tile })
    }
  })

  test('invalid ids and periods answer invalid argument naming them', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['/tiles/tile', {}, /"tile_id" is missing/],
      ['/tiles/tile', { tile_id: '  ' }, /"tile_id" must not be blank/],
      ['/tiles/tile', { tile_id: 7 }, /"tile_id" must be a string/],
      ['/tiles/tile', { tile_id: 'gti-nope' }, /unknown tile_id "gti-nope"/],
      ['/tiles/tile', ['gti-top-rules'], /"tile_id" is missing/],
      ['/tiles/tile-data', { tile_id: 'gti-top-rules' }, /"period" is missing/],
      ['/tiles/tile-data', { tile_id: 'gti-top-rules', period: '' }, /"period" must not be blank/],
      ['/tiles/tile-data', { tile_id: 'gti-top-rules', period: 1 }, /"period" must be a string/],
      [
        '/tiles/tile-data',
        { tile_id: 'gti-top-rules', period: 'last_year' },
        /has no period "last_year"/,
      ],
      ['/tiles/tile-data', { tile_id: 'nope', period: 'last_hour' }, /unknown tile_id "nope"/],
    ]
    for (const [path, body, message] of cases) {
      const res = await h.post(path, body)
      assert.equal(res.status, 200)
      assert.equal(res.body.data, undefined)
      assert.equal(res.body.errors.length, 1)
      assert.equal(res.body.errors[0].code, 'invalid argument')
      assert.equal(res.body.errors[0].type, 'fatal')
      assert.match(res.body.errors[0].message, message, JSON.stringify(body))
    }
  })

  test('the tile routes want a token', async () => {
    for (const path of ['/tiles', '/tiles/tile', '/tiles/tile-data']) {
      const res = await h.post(
        path,
        { tile_id: 'gti-top-rules', period: 'last_hour' },
        { token: null },
      )
      assert.equal(res.body.errors[0].code, 'authorization error')
    }
  })

  for (const period of PERIODS) {
    test(`every tile answers ${period} in the shape of its type`, async () => {
      for (const tile of TILE_IDS) {
        const body = await tileData(tile, period)
        assert.equal(body.errors, undefined, JSON.stringify(body.errors))
        const { data } = body
        assert.equal(data.period, period)
        assert.equal(data.cache_scope, 'org')
        for (const time of [data.observed_time, data.valid_time]) {
          assert.match(time.start_time, ISO_Z)
          assert.match(time.end_time, ISO_Z)
        }
        assert.equal(data.valid_time.start_time, data.observed_time.end_time)
        assertShape(tile, data)
      }
    })
  }

  test('counts match the simulator: overview, severity donut, buckets, top devices', async () => {
    const overview = await tileData('gti-detection-overview', 'last_90_days')
    const active = h.sim.dataset.detections.filter((d) => counted(d) && d.status === 'active')
    const fresh = newIn(overview)
    assert.ok(fresh.length > 50, 'the simulator has a 90-day history')
    assert.deepEqual(
      overview.data.data.map((m: { value: number }) => m.value),
      [
        active.length,
        active.filter((d) => severityOf(d) === 'high').length,
        new Set(active.map((d) => d.device_ip)).size,
        fresh.length,
      ],
    )

    const donut = await tileData('gti-detections-by-severity', 'last_30_days')
    const donutExpected = new Map<string, number>()
    for (const d of newIn(donut)) {
      donutExpected.set(severityOf(d), (donutExpected.get(severityOf(d)) ?? 0) + 1)
    }
    const donutSeen = new Map(
      donut.data.data.map((slice: { key: number; value: number }) => [
        donut.data.labels[0][slice.key].toLowerCase(),
        slice.value,
      ]),
    )
    assert.deepEqual(donutSeen, donutExpected)

    const overTime = await tileData('gti-detections-over-time', 'last_7_days')
    const total = overTime.data.data.reduce(
      (sum: number, bar: { value: number }) => sum + bar.value,
      0,
    )
    assert.equal(total, newIn(overTime).length)
    assert.ok(overTime.data.data.length === 7 || overTime.data.data.length === 8)
    for (const d of newIn(overTime)) {
      const day = Date.parse(`${d.created.slice(0, 10)}T00:00:00.000Z`)
      const bar = overTime.data.data.find((b: { key: number }) => b.key === day)
      assert.ok(bar && bar.value > 0, d.created)
    }

    const devices = await tileData('gti-top-devices', 'last_90_days')
    const perDevice = new Map<string, number>()
    for (const d of newIn(devices))
      perDevice.set(d.device_ip, (perDevice.get(d.device_ip) ?? 0) + 1)
    const top = Math.max(...perDevice.values())
    const firstRow = devices.data.data[2] as string
    assert.match(firstRow, new RegExp(`\\) \\| ${top} \\|`))
  })

  test('test-account detections count only when the token allows them', async () => {
    const hidden = await tileData('gti-detection-overview', 'last_90_days')
    const shown = await tileData('gti-detection-overview', 'last_90_days', {
      GTI_ALLOW_TEST_ACCOUNTS: true,
    })
    assert.equal(shown.data.data[3].value, newIn(shown, true).length)
    assert.ok(shown.data.data[3].value > hidden.data.data[3].value)
  })

  test('five tile-data calls for one period make one fetch sequence per query', async () => {
    const token = await h.token({ key: FRESH_KEY })
    h.sim.resetStats()
    const ask = () =>
      Promise.all(
        TILE_IDS.map((tile_id) =>
          h.post('/tiles/tile-data', { tile_id, period: 'last_60_days' }, { token }),
        ),
      )
    const first = await ask()
    assert.ok(first.every((res) => res.body.errors === undefined))
    // The small dataset fits one page for each query: the 60-day window and the active ones.
    assert.equal(h.sim.stats().byRoute.detections, 2)
    await ask()
    assert.equal(h.sim.stats().byRoute.detections, 2, 'the second round is served from the cache')
    assert.equal(h.sim.stats().total, 2)
  })
})

describe('tiles when ThreatINSIGHT fails', () => {
  test('an upstream failure answers an error; it is not cached, the next request reads again', async () => {
    const token = await h.token({ key: FAULTY_KEY })
    h.sim.setFaults([{ fault: 'http-500', apiKey: FAULTY_KEY, route: 'detections' }])
    try {
      const failed = await h.post(
        '/tiles/tile-data',
        { tile_id: 'gti-top-rules', period: 'last_7_days' },
        { token },
      )
      assert.equal(failed.status, 200)
      assert.equal(failed.body.data, undefined)
      assert.equal(failed.body.errors[0].code, 'service unavailable')
      assert.equal(failed.body.errors[0].type, 'fatal')
      assert.match(failed.body.errors[0].message, /^ThreatINSIGHT detections listing failed/)
    } finally {
      h.sim.setFaults([])
    }
    const retried = await h.post(
      '/tiles/tile-data',
      { tile_id: 'gti-top-rules', period: 'last_7_days' },
      { token },
    )
    assert.equal(retried.body.errors, undefined)
    assert.ok(retried.body.data.data.length > 0)
  })

  test('a key ThreatINSIGHT refuses is an authorization error; no key reaches the logs', async () => {
    const res = await h.post(
      '/tiles/tile-data',
      { tile_id: 'gti-detection-overview', period: 'last_hour' },
      { token: await h.token({ key: 'refused-key-do-not-log' }) },
    )
    assert.equal(res.body.errors[0].code, 'authorization error')
    const logs = h.logLines.join('')
    for (const secret of ['refused-key-do-not-log', h.sim.apiKey, FRESH_KEY, FAULTY_KEY]) {
      assert.ok(!logs.includes(secret), 'an API key in the logs')
      assert.ok(!res.text.includes(secret))
    }
  })
})

describe('tiles with the cap', () => {
  let capped: Harness
  before(async () => {
    capped = await startHarness({
      env: { GTI_TILES_MAX_DETECTIONS: '100' },
      sim: { size: { events: 300, detections: 400 } },
    })
  })
  after(async () => {
    await capped.close()
  })

  test('a query with more detections than the cap answers data and a lower-bound warning', async () => {
    capped.sim.resetStats()
    const res = await capped.post('/tiles/tile-data', {
      tile_id: 'gti-detections-by-severity',
      period: 'last_90_days',
    })
    assert.equal(res.status, 200)
    const total = res.body.data.data.reduce((sum: number, s: { value: number }) => sum + s.value, 0)
    assert.ok(total > 0 && total <= 100)
    assert.equal(res.body.errors.length, 1)
    assert.equal(res.body.errors[0].code, 'limit reached')
    assert.equal(res.body.errors[0].type, 'warning')
    assert.match(res.body.errors[0].message, /lower bound/)
    assert.equal(capped.sim.stats().byRoute.detections, 1, 'one page of 100, then stop')
  })
})
