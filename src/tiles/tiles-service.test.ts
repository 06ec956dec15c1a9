import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DAY, HOUR, NOW } from '../../test/support/tile-sets.ts'
import { createMemoryCache } from '../cache/index.ts'
import { AuthorizationError, RelayError } from '../errors/relay-error.ts'
import type { Detection, DetectionsAnswer } from '../gti/schemas.ts'
import type { TileData } from './build-tile.ts'
import type { DetectionSet } from './detection-set.ts'
import type { Period } from './periods.ts'
import { detectionSetBytes } from './read-detections.ts'
import { findTile, TILE_IDS } from './tile-definitions.ts'
import { createTileAnswersCache, tileDataBytes } from './tiles-cache.ts'
import { type TilesDeps, tileData } from './tiles-service.ts'
import type { DetectionsListQuery, TilesUpstream } from './upstream.ts'

const TRAINING = 'f6f6f836-8bcd-4f5d-bd61-68d303c4f634'
const RULE = { uuid: 'r1', name: 'Alpha beacon', severity: 'high', category: 'Attack:C2' }

function raw(i: number, agoMs: number, more: Partial<Detection> = {}): Detection {
  return {
    uuid: `d${i}`,
    rule_uuid: 'r1',
    account_uuid: 'acct',
    device_ip: `10.0.${Math.floor(i / 250)}.${i % 250}`,
    status: 'active',
    created: new Date(NOW - agoMs).toISOString(),
    last_seen: new Date(NOW - agoMs).toISOString(),
    ...more,
  }
}

/** A stand-in for the Detections API listing: filters, pages and counts what it is asked. */
function fakeDetectionsApi(all: Detection[]) {
  const calls: DetectionsListQuery[] = []
  let failNext: Error | undefined
  const upstream: TilesUpstream = {
    async listDetections(_call, query) {
      calls.push(query)
      if (failNext !== undefined) {
        const error = failNext
        failNext = undefined
        throw error
      }
      const matches = all.filter((d) => {
        if (query.activeOnly && d.status !== 'active') return false
        const created = Date.parse(String(d.created))
        const window = query.createdOrShared
        if (window && !(created >= Date.parse(window.start) && created < Date.parse(window.end)))
          return false
        return true
      })
      const answer: DetectionsAnswer = {
        detections: matches.slice(query.offset, query.offset + query.limit),
        rules: [RULE],
        total_count: matches.length,
      }
      return answer
    },
  }
  const fail = (error: Error): void => {
    failNext = error
  }
  return { upstream, calls, fail }
}

function deps(upstream: TilesUpstream, maxDetections = 10_000, now = () => NOW): TilesDeps {
  return {
    upstream,
    cache: createMemoryCache<DetectionSet>({
      maxEntries: 100,
      maxBytes: 50_000_000,
      sizeOf: detectionSetBytes,
      clock: { now },
    }),
    answers: createTileAnswersCache({ now }),
    portalUrl: 'https://portal.example',
    maxDetections,
    timeoutMs: 5000,
    now,
  }
}

const request = (id: string, period: Period = 'last_7_days', allowTestAccounts = false) => ({
  tile: findTile(id)!,
  period,
  apiKey: 'key-1',
  allowTestAccounts,
})

describe('tileData', () => {
  test('muted and test-account detections are not counted unless test accounts are allowed', async () => {
    const api = fakeDetectionsApi([
      raw(1, HOUR),
      raw(2, HOUR, { muted: true }),
      raw(3, HOUR, { muted_rule: true }),
      raw(4, HOUR, { muted_device: true }),
      raw(5, HOUR, { account_uuid: TRAINING }),
      raw(6, 8 * DAY),
    ])
    const d = deps(api.upstream)
    const overview = await tileData(request('gti-detection-overview'), d)
    const values = (overview.data.data as { value: number }[]).map((m) => m.value)
    assert.deepEqual(values, [2, 2, 2, 1])
    assert.deepEqual(overview.errors, [])
    const withTest = await tileData(request('gti-detection-overview', 'last_7_days', true), d)
    assert.deepEqual(
      (withTest.data.data as { value: number }[]).map((m) => m.value),
      [3, 3, 3, 2],
    )
  })

  test('the common fields: observed_time, valid_time (period TTL), cache_scope, period', async () => {
    const api = fakeDetectionsApi([])
    const result = await tileData(request('gti-top-rules', 'last_24_hours'), deps(api.upstream))
    const { observed_time, valid_time, cache_scope, period } = result.data
    assert.deepEqual(observed_time, {
      start_time: '2026-02-28T12:34:56.000Z',
      end_time: '2026-03-01T12:34:56.000Z',
    })
    assert.deepEqual(valid_time, {
      start_time: '2026-03-01T12:34:56.000Z',
      end_time: '2026-03-01T12:39:56.000Z',
    })
    assert.equal(cache_scope, 'org')
    assert.equal(period, 'last_24_hours')
  })

  test('five tiles, concurrently, share one read per query', async () => {
    const api = fakeDetectionsApi(Array.from({ length: 2500 }, (_, i) => raw(i, HOUR + i)))
    const d = deps(api.upstream)
    const answers = await Promise.all(TILE_IDS.map((id) => tileData(request(id), d)))
    assert.equal(answers.length, 5)
    // created: pages at 0, 1000, 2000; active: the same three.
    assert.equal(api.calls.length, 6)
    assert.deepEqual(
      api.calls.filter((c) => c.createdOrShared).map((c) => [c.offset, c.limit]),
      [
        [0, 1000],
        [1000, 1000],
        [2000, 1000],
      ],
    )
    await Promise.all(TILE_IDS.map((id) => tileData(request(id), d)))
    assert.equal(api.calls.length, 6, 'served from the cache')
    await tileData(request('gti-top-rules', 'last_30_days'), d)
    assert.equal(api.calls.length, 9, 'another period is another query')
  })

  test('the cap: figures are a lower bound and a warning says so', async () => {
    const api = fakeDetectionsApi(Array.from({ length: 250 }, (_, i) => raw(i, HOUR + i)))
    const result = await tileData(request('gti-detections-by-severity'), deps(api.upstream, 120))
    assert.deepEqual(
      api.calls.map((c) => [c.offset, c.limit]),
      [[0, 120]],
    )
    assert.equal((result.data.data as { value: number }[])[0]?.value, 120)
    assert.equal(result.errors.length, 1)
    const [warning] = result.errors
    assert.equal(warning?.code, 'limit reached')
    assert.match(warning?.message ?? '', /130 more detections in this period than the 120/)
    assert.match(warning?.message ?? '', /lower bound/)
  })

  test('a failed read is reported, not cached; an authorization failure stays as it is', async () => {
    const api = fakeDetectionsApi([raw(1, HOUR)])
    const d = deps(api.upstream)
    api.fail(new RelayError('service unavailable', 'HTTP 503'))
    await assert.rejects(tileData(request('gti-top-devices'), d), (error: RelayError) => {
      assert.equal(error.code, 'service unavailable')
      assert.match(error.message, /^ThreatINSIGHT detections listing failed: HTTP 503/)
      return true
    })
    const again = await tileData(request('gti-top-devices'), d)
    assert.equal((again.data.data as string[]).length, 3)
    api.fail(new AuthorizationError('Authentication is invalid.'))
    await assert.rejects(tileData(request('gti-top-devices', 'last_hour'), d), {
      code: 'authorization error',
      message: 'Authorization failed: Authentication is invalid.',
    })
  })

  test('while its read is cached a tile is built once; after the TTL it is read and built again', async () => {
    let now = NOW
    const api = fakeDetectionsApi([raw(1, HOUR), raw(2, 2 * HOUR)])
    const d = deps(api.upstream, 10_000, () => now)
    const first = await tileData(request('gti-top-devices', 'last_hour'), d)
    const second = await tileData(request('gti-top-devices', 'last_hour'), d)
    assert.equal(second.data, first.data)
    assert.equal(api.calls.length, 1)
    now += 60_000
    const third = await tileData(request('gti-top-devices', 'last_hour'), d)
    assert.equal(api.calls.length, 2, 'the 1-minute TTL of last_hour has passed')
    assert.notEqual(third.data, first.data)
    assert.equal(third.data.observed_time.end_time, '2026-03-01T12:35:56.000Z')
  })

  test('built answers are bounded by their own byte estimate, not held beside the sets', async () => {
    const api = fakeDetectionsApi([])
    const small = {
      ...deps(api.upstream),
      answers: createMemoryCache<TileData>({
        maxEntries: 100,
        maxBytes: 10_000,
        sizeOf: tileDataBytes,
        clock: { now: () => NOW },
      }),
    }
    const first = await tileData(request('gti-detections-over-time', 'last_90_days'), small)
    assert.ok(tileDataBytes(first.data) > 50_000, 'a 90-day over-time answer is large')
    const second = await tileData(request('gti-detections-over-time', 'last_90_days'), small)
    assert.equal(api.calls.length, 1, 'the set stays cached')
    assert.notEqual(second.data, first.data, 'the answer was too large to keep, so it is rebuilt')
    assert.deepEqual(second.data, first.data)
  })
})
