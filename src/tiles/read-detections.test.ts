import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Detection, DetectionsAnswer } from '../gti/schemas.ts'
import { readDetections } from './read-detections.ts'
import type { DetectionsListQuery, TilesUpstream } from './upstream.ts'

function api(count: number, withTotal: boolean) {
  const all: Detection[] = Array.from({ length: count }, (_, i) => ({
    uuid: `d${i}`,
    rule_uuid: i % 2 === 0 ? 'r1' : 'r2',
    created: '2026-03-01T00:00:00.000Z',
    status: 'active',
  }))
  const calls: DetectionsListQuery[] = []
  const upstream: TilesUpstream = {
    async listDetections(_call, query) {
      calls.push(query)
      const answer: DetectionsAnswer = {
        detections: all.slice(query.offset, query.offset + query.limit),
        rules: [{ uuid: 'r1', name: 'One', severity: 'medium' }],
        ...(withTotal ? { total_count: all.length } : {}),
      }
      return answer
    },
  }
  return { upstream, calls }
}

const options = (maxDetections: number) => ({ maxDetections, allowTestAccounts: false, nowMs: 0 })

describe('readDetections', () => {
  test('follows total_count: pages of 1000 up to the end, nothing capped', async () => {
    const { upstream, calls } = api(4321, true)
    const set = await readDetections(
      upstream,
      { apiKey: 'k' },
      { activeOnly: true },
      options(10_000),
    )
    assert.deepEqual(
      calls.map((c) => [c.offset, c.limit, c.activeOnly]),
      [
        [0, 1000, true],
        [1000, 1000, true],
        [2000, 1000, true],
        [3000, 1000, true],
        [4000, 1000, true],
      ],
    )
    assert.equal(set.detections.length, 4321)
    assert.equal(new Set(set.detections.map((d) => d.uuid)).size, 4321)
    assert.deepEqual([set.capped, set.unread], [false, 0])
    assert.equal(set.rules.r1?.severity, 'moderate', 'medium is read as moderate')
    assert.equal(set.rules.r2, undefined, 'a rule not included is not invented')
  })

  test('without total_count it pages until a short page', async () => {
    const { upstream, calls } = api(2000, false)
    const set = await readDetections(upstream, { apiKey: 'k' }, {}, options(10_000))
    assert.deepEqual(
      calls.map((c) => c.offset),
      [0, 1000, 2000],
    )
    assert.equal(set.detections.length, 2000)
    assert.equal(set.capped, false)
  })

  test('the cap stops the read: with total_count the unread are counted, without it they are not', async () => {
    const known = api(2500, true)
    const set = await readDetections(known.upstream, { apiKey: 'k' }, {}, options(1500))
    assert.deepEqual(
      known.calls.map((c) => [c.offset, c.limit]),
      [
        [0, 1000],
        [1000, 500],
      ],
    )
    assert.deepEqual([set.detections.length, set.capped, set.unread], [1500, true, 1000])
    const unknown = api(2500, false)
    const blind = await readDetections(unknown.upstream, { apiKey: 'k' }, {}, options(1500))
    assert.deepEqual([blind.detections.length, blind.capped, blind.unread], [1500, true, 0])
  })
})
