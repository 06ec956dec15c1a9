import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Detection, DetectionsAnswer, Rule } from '../gti/schemas.ts'
import { DETECTIONS_PAGE_SIZE, lookupActiveDetections } from './active-detections.ts'
import { isMuted, keepDetections } from './keep-detections.ts'
import type { DetectionsUpstream } from './upstream.ts'

/** A ThreatINSIGHT holding `total` detections, paged as the API pages them. */
function pagedUpstream(total: number, options: { dropTotal?: boolean; shortBy?: number } = {}) {
  const pages: { offset: number; limit: number }[] = []
  const all: Detection[] = Array.from({ length: total }, (_, i) => ({
    uuid: `d-${i}`,
    rule_uuid: `r-${i % 3}`,
    status: 'active',
  }))
  const upstream: DetectionsUpstream = {
    detectionsPage: async (_call, { offset, limit }) => {
      pages.push({ offset, limit })
      const detections = all.slice(offset, offset + limit)
      const answer: DetectionsAnswer = {
        detections,
        rules: [...new Set(detections.map((d) => d.rule_uuid))].map((uuid) => ({ uuid })),
      }
      if (!options.dropTotal) answer.total_count = total + (options.shortBy ?? 0)
      return answer
    },
  }
  return { upstream, pages }
}

const CALL = { apiKey: 'k' }

describe('lookupActiveDetections paging', () => {
  test('one page when everything fits', async () => {
    const { upstream, pages } = pagedUpstream(10)
    const found = await lookupActiveDetections(upstream, CALL, { type: 'domain', value: 'v' }, 1000)
    assert.equal(found.detections.length, 10)
    assert.equal(found.hidden, 0)
    assert.deepEqual(pages, [{ offset: 0, limit: DETECTIONS_PAGE_SIZE }])
    assert.deepEqual([...found.rules.keys()], ['r-0', 'r-1', 'r-2'])
  })
  test('follows pages while offset + count < total_count', async () => {
    const { upstream, pages } = pagedUpstream(2500)
    const found = await lookupActiveDetections(
      upstream,
      CALL,
      { type: 'domain', value: 'v' },
      10_000,
    )
    assert.equal(found.detections.length, 2500)
    assert.deepEqual(
      pages.map((p) => p.offset),
      [0, 1000, 2000],
    )
    assert.equal(found.hidden, 0)
  })
  test('stops at the cap, asks no more than the cap, and says how many were hidden', async () => {
    const { upstream, pages } = pagedUpstream(2500)
    const found = await lookupActiveDetections(upstream, CALL, { type: 'domain', value: 'v' }, 1500)
    assert.deepEqual(pages, [
      { offset: 0, limit: 1000 },
      { offset: 1000, limit: 500 },
    ])
    assert.equal(found.detections.length, 1500)
    assert.equal(found.hidden, 1000)
  })
  test('an answer without total_count is complete; an empty page ends the paging', async () => {
    const noTotal = pagedUpstream(2500, { dropTotal: true })
    const found = await lookupActiveDetections(
      noTotal.upstream,
      CALL,
      { type: 'domain', value: 'v' },
      10_000,
    )
    assert.equal(noTotal.pages.length, 1)
    assert.equal(found.hidden, 0)
    const lying = pagedUpstream(1000, { shortBy: 5000 })
    const more = await lookupActiveDetections(
      lying.upstream,
      CALL,
      { type: 'domain', value: 'v' },
      10_000,
    )
    assert.deepEqual(
      lying.pages.map((p) => p.offset),
      [0, 1000],
    )
    assert.equal(more.detections.length, 1000)
  })
})

describe('keep rules', () => {
  const rules = new Map<string, Rule>([['r', { uuid: 'r' }]])
  const base: Detection = { uuid: 'd', rule_uuid: 'r', status: 'active', account_uuid: 'a' }
  const keep = (detection: Partial<Detection>, allow = false) =>
    keepDetections({ detections: [{ ...base, ...detection }], rules }, allow)

  test('an active, unmuted, customer detection with its rule is kept', () => {
    assert.equal(keep({}).kept.length, 1)
    assert.equal(keep({ muted: false, muted_rule: null, muted_device: false }).kept.length, 1)
  })
  test('muted in any of its three ways is dropped', () => {
    for (const field of ['muted', 'muted_rule', 'muted_device']) {
      assert.equal(keep({ [field]: true }).kept.length, 0, field)
      assert.ok(isMuted({ ...base, [field]: true }))
    }
  })
  test('resolved (or any status but active) is dropped', () => {
    assert.equal(keep({ status: 'resolved' }).kept.length, 0)
    assert.equal(keep({ status: null }).kept.length, 0)
  })
  test('test accounts, by uuid or code, only when allowed', () => {
    for (const account of ['dmo', 'chg', '6bc3d2f1-af77-4236-a9db-17dacd06e4d9']) {
      assert.equal(keep({ account_uuid: account }).kept.length, 0, account)
      assert.equal(keep({ account_uuid: account }, true).kept.length, 1, account)
    }
  })
  test('a detection without its rule is set apart', () => {
    const out = keep({ rule_uuid: 'gone' })
    assert.equal(out.kept.length, 0)
    assert.deepEqual(
      out.withoutRule.map((d) => d.uuid),
      ['d'],
    )
  })
})
