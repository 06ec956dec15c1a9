import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { DetectionEventsAnswerSchema, DetectionsAnswerSchema, RuleSchema } from '../gti/schemas.ts'
import { WELL_KNOWN_OBSERVABLES } from './dataset.ts'
import { type RunningSimulator, startSimulator } from './start-simulator.ts'

let sim: RunningSimulator

async function get(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sim.url}${path}`, {
    headers: { authorization: `IBToken ${sim.apiKey}` },
  })
  return { status: res.status, body: await res.json() }
}

before(async () => {
  sim = await startSimulator({ seed: 7, now: '2026-03-01T12:00:00.000Z' })
})
after(() => sim.close())

describe('GET /detections/v1/detections', () => {
  test('the relay call: indicator_value, status, include=indicators&include=rules', async () => {
    const value = WELL_KNOWN_OBSERVABLES.sha256
    const { status, body } = await get(
      `/detections/v1/detections?indicator_value=${value}&status=active&include=indicators&include=rules`,
    )
    assert.equal(status, 200)
    const answer = DetectionsAnswerSchema.parse(body)
    assert.ok(answer.detections.length > 0)
    for (const detection of answer.detections) {
      assert.equal(detection.status, 'active')
      assert.ok(detection.indicators?.some((indicator) => indicator.values?.includes(value)))
    }
    const ruleUuids = new Set(answer.rules?.map((rule) => RuleSchema.parse(rule).uuid))
    for (const detection of answer.detections) assert.ok(ruleUuids.has(detection.rule_uuid))
    assert.equal(body.total_count, answer.detections.length)
    assert.equal(body.result_count, answer.detections.length)
    assert.deepEqual(
      [body.offset, body.limit, body.sort_by, body.sort_order],
      [0, 100, 'first_seen', 'desc'],
    )
  })

  test('indicators are null and rules absent unless included; comma-separated include works', async () => {
    const plain = await get('/detections/v1/detections?limit=5')
    assert.ok(plain.body.detections.every((d: any) => d.indicators === null))
    assert.equal(plain.body.rules, undefined)
    const both = await get('/detections/v1/detections?limit=5&include=rules,indicators')
    assert.ok(both.body.detections.every((d: any) => Array.isArray(d.indicators)))
    assert.ok(Array.isArray(both.body.rules))
  })

  test('filters: status (repeated), account_uuid, rule_uuid, device_ip', async () => {
    const all = sim.dataset.detections
    const resolved = await get('/detections/v1/detections?status=resolved')
    assert.equal(resolved.body.total_count, all.filter((d) => d.status === 'resolved').length)
    const both = await get('/detections/v1/detections?status=resolved&status=active&limit=1000')
    assert.equal(both.body.total_count, all.length)
    const sample = all[3]
    assert.ok(sample)
    const byAccount = await get(
      `/detections/v1/detections?account_uuid=${sample.account_uuid}&limit=1000`,
    )
    assert.equal(
      byAccount.body.total_count,
      all.filter((d) => d.account_uuid === sample.account_uuid).length,
    )
    assert.ok(byAccount.body.detections.every((d: any) => d.account_uuid === sample.account_uuid))
    const byRule = await get(`/detections/v1/detections?rule_uuid=${sample.rule_uuid}&limit=1000`)
    assert.ok(byRule.body.detections.every((d: any) => d.rule_uuid === sample.rule_uuid))
    assert.ok(byRule.body.total_count >= 1)
    const byDevice = await get(`/detections/v1/detections?device_ip=${sample.device_ip}`)
    assert.ok(byDevice.body.detections.some((d: any) => d.uuid === sample.uuid))
    const none = await get('/detections/v1/detections?indicator_value=198.51.100.77')
    assert.equal(none.body.total_count, 0)
    assert.deepEqual(none.body.detections, [])
  })

  test('paging with limit/offset and sorting', async () => {
    const first = await get('/detections/v1/detections?limit=7&sort_by=first_seen&sort_order=asc')
    const second = await get(
      '/detections/v1/detections?limit=7&offset=7&sort_by=first_seen&sort_order=asc',
    )
    assert.equal(first.body.result_count, 7)
    assert.equal(first.body.total_count, sim.dataset.detections.length)
    const seen = [...first.body.detections, ...second.body.detections].map((d: any) => d.first_seen)
    assert.deepEqual(seen, [...seen].sort())
    assert.equal(
      new Set([...first.body.detections, ...second.body.detections].map((d: any) => d.uuid)).size,
      14,
    )
    const desc = await get('/detections/v1/detections?limit=1000')
    const stamps = desc.body.detections.map((d: any) => d.first_seen)
    assert.deepEqual(stamps, [...stamps].sort().reverse())
    const rulesOnPage = await get('/detections/v1/detections?limit=3&offset=2&include=rules')
    const pageRules = new Set(rulesOnPage.body.detections.map((d: any) => d.rule_uuid))
    assert.deepEqual(new Set(rulesOnPage.body.rules.map((r: any) => r.uuid)), pageRules)
  })

  test('bad parameters answer 400 with the error shape', async () => {
    for (const query of ['limit=abc', 'limit=-1', 'sort_by=colour', 'sort_order=up', 'offset=x']) {
      const { status, body } = await get(`/detections/v1/detections?${query}`)
      assert.equal(status, 400, query)
      assert.equal(typeof body.error.code, 'string')
      assert.equal(typeof body.error.message, 'string')
    }
  })
})

describe('GET /detections/v1/events', () => {
  test('wraps each event with its rule_uuid and pages', async () => {
    const detection = sim.dataset.detections.find((d) => d.event_count >= 3)
    assert.ok(detection)
    const { status, body } = await get(`/detections/v1/events?detection_uuid=${detection.uuid}`)
    assert.equal(status, 200)
    const answer = DetectionEventsAnswerSchema.parse(body)
    assert.equal(answer.total_count, detection.event_count)
    assert.equal(body.result_count, detection.event_count)
    assert.ok(answer.events.every((item) => item.rule_uuid === detection.rule_uuid))
    const page = await get(
      `/detections/v1/events?detection_uuid=${detection.uuid}&limit=1&offset=1`,
    )
    assert.equal(page.body.result_count, 1)
    assert.equal(page.body.events[0].event.uuid, answer.events[1]?.event.uuid)
  })

  test('missing detection_uuid is a 400; an unknown one is empty', async () => {
    assert.equal((await get('/detections/v1/events')).status, 400)
    const unknown = await get('/detections/v1/events?detection_uuid=nope')
    assert.equal(unknown.status, 200)
    assert.deepEqual(unknown.body.events, [])
  })
})

describe('rules', () => {
  test('lists rules, gets one, 404 on an unknown uuid', async () => {
    const list = await get('/detections/v1/rules')
    assert.equal(list.status, 200)
    assert.equal(list.body.rules.length, sim.dataset.rules.length)
    const rule = sim.dataset.rules[0]
    assert.ok(rule)
    const one = await get(`/detections/v1/rules/${rule.uuid}`)
    assert.equal(one.status, 200)
    assert.equal(RuleSchema.parse(one.body.rule).uuid, rule.uuid)
    const missing = await get('/detections/v1/rules/00000000-0000-4000-8000-000000000000')
    assert.equal(missing.status, 404)
    assert.equal(missing.body.error.code, 'client.not_found')
    const events = await get(`/detections/v1/rules/${rule.uuid}/events?limit=2`)
    assert.equal(events.status, 200)
    assert.ok(events.body.events.length <= 2)
  })
})
