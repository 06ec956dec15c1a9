import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { generateDataset } from './generate-dataset.ts'
import { type RunningSimulator, startSimulator } from './start-simulator.ts'

const NOW = '2026-03-01T12:34:56.000Z'
const nowMs = Date.parse(NOW)
const DAY = 86_400_000

describe('detection history', () => {
  const dataset = generateDataset({ seed: 5, now: NOW, size: { events: 200, detections: 400 } })
  const ages = dataset.detections.map((d) => nowMs - Date.parse(d.created))

  test('created, first_seen and last_seen lie in the last 90 days, in order', () => {
    for (const detection of dataset.detections) {
      const created = Date.parse(detection.created)
      assert.ok(created < nowMs && created > nowMs - 90 * DAY, detection.created)
      assert.ok(Date.parse(detection.first_seen) <= Date.parse(detection.last_seen))
      assert.ok(Date.parse(detection.last_seen) <= created)
    }
  })

  test('spread over every period a tile offers, most of them older than a week', () => {
    assert.ok(
      ages.some((age) => age < 3_600_000),
      'some in the last hour',
    )
    assert.ok(ages.filter((age) => age < DAY).length > 20)
    assert.ok(ages.filter((age) => age > 30 * DAY).length > 100)
    assert.ok(ages.some((age) => age > 80 * DAY))
  })

  test('old detections are mostly resolved, with resolution fields in the past', () => {
    const old = dataset.detections.filter((d) => nowMs - Date.parse(d.created) > 30 * DAY)
    const resolved = old.filter((d) => d.status === 'resolved')
    assert.ok(resolved.length > old.length / 2)
    for (const detection of dataset.detections.filter((d) => d.status === 'resolved')) {
      assert.ok(detection.resolution !== null)
      const at = Date.parse(detection.resolution_timestamp ?? '')
      assert.ok(at > Date.parse(detection.created) && at < nowMs)
    }
  })

  test('mutes: by detection, by rule (all of that rule in the account) and by device', () => {
    const byRule = dataset.detections.filter((d) => d.muted_rule)
    const byDevice = dataset.detections.filter((d) => d.muted_device)
    assert.ok(byRule.length > 0 && byDevice.length > 0)
    assert.ok(dataset.detections.some((d) => d.muted))
    const rule = byRule[0]!
    // The six well-known detections come first and are never muted.
    for (const detection of dataset.detections.slice(6)) {
      if (detection.rule_uuid === rule.rule_uuid && detection.account_uuid === rule.account_uuid) {
        assert.equal(detection.muted_rule, true)
      }
    }
    assert.ok(byDevice.every((d) => d.muted_device_uuid !== null && d.muted_timestamp !== null))
  })

  test('rules carry ATT&CK technique ids', () => {
    assert.ok(
      dataset.rules.some((rule) => /^T\d{4}(\.\d{3})?$/.test(rule.secondary_attack_id ?? '')),
    )
    assert.ok(dataset.rules.filter((rule) => rule.primary_attack_id !== null).length >= 8)
  })
})

describe('the detections route serves what the tiles ask', () => {
  let sim: RunningSimulator
  before(async () => {
    sim = await startSimulator({ seed: 5, now: NOW, size: { events: 200, detections: 400 } })
  })
  after(() => sim.close())

  const get = async (query: string): Promise<any> => {
    const res = await fetch(`${sim.url}/detections/v1/detections?${query}`, {
      headers: { authorization: `IBToken ${sim.apiKey}` },
    })
    assert.equal(res.status, 200)
    return res.json()
  }

  test('a created_or_shared window with muted filters, paged with total_count', async () => {
    const start = new Date(nowMs - 30 * DAY).toISOString()
    const end = new Date(nowMs).toISOString()
    const filters = `created_or_shared_start_date=${start}&created_or_shared_end_date=${end}&muted=false&muted_rule=false&muted_device=false&include=rules`
    const expected = sim.dataset.detections.filter(
      (d) => d.created >= start && d.created < end && !d.muted && !d.muted_rule && !d.muted_device,
    )
    const seen = new Set<string>()
    let offset = 0
    for (;;) {
      const page = await get(
        `${filters}&sort_by=first_seen&sort_order=desc&limit=25&offset=${offset}`,
      )
      assert.equal(page.total_count, expected.length)
      for (const d of page.detections) seen.add(d.uuid)
      const rules = new Set(page.rules.map((rule: { uuid: string }) => rule.uuid))
      assert.ok(page.detections.every((d: { rule_uuid: string }) => rules.has(d.rule_uuid)))
      offset += page.detections.length
      if (page.detections.length < 25) break
    }
    assert.deepEqual([...seen].sort(), expected.map((d) => d.uuid).sort())
  })

  test('status=active and muted_device=true', async () => {
    const active = await get('status=active&limit=1')
    assert.equal(
      active.total_count,
      sim.dataset.detections.filter((d) => d.status === 'active').length,
    )
    const mutedDevice = await get('muted_device=true&limit=1000')
    assert.ok(mutedDevice.detections.length > 0)
    assert.ok(mutedDevice.detections.every((d: { muted_device: boolean }) => d.muted_device))
  })
})
