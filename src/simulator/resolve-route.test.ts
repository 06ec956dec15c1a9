import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { READ_ONLY_API_KEY } from './resolve-route.ts'
import { type RunningSimulator, startSimulator } from './start-simulator.ts'

let sim: RunningSimulator
before(async () => {
  sim = await startSimulator({ seed: 3 })
})
after(async () => {
  await sim.close()
})

function put(uuid: string, body: unknown, key = sim.apiKey) {
  return fetch(`${sim.urls.detections}detections/${encodeURIComponent(uuid)}/resolve`, {
    method: 'PUT',
    headers: { authorization: `IBToken ${key}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function activeCount(value: string): Promise<number> {
  const url = `${sim.urls.detections}detections?indicator_value=${encodeURIComponent(value)}&status=active&limit=1000`
  const res = await fetch(url, { headers: { authorization: `IBToken ${sim.apiKey}` } })
  return ((await res.json()) as { total_count: number }).total_count
}

function activeDetection() {
  const detection = sim.dataset.detections.find((d) => d.status === 'active')
  assert.ok(detection)
  return detection
}

describe('PUT /detections/v1/detections/:uuid/resolve', () => {
  test('204 with an empty body; the detection is resolved and later queries reflect it', async () => {
    const detection = activeDetection()
    const value = detection.indicators[0]?.values[0] as string
    const before = await activeCount(value)
    const res = await put(detection.uuid, {
      resolution: 'false_positive',
      resolution_comment: 'checked',
    })
    assert.equal(res.status, 204)
    assert.equal(await res.text(), '')
    assert.equal(detection.status, 'resolved')
    assert.equal(detection.resolution, 'false_positive')
    assert.equal(detection.resolution_comment, 'checked')
    assert.match(detection.resolution_timestamp ?? '', /^\d{4}-\d{2}-\d{2}T/)
    assert.equal(typeof detection.resolution_user_uuid, 'string')
    assert.equal(await activeCount(value), before - 1)

    const again = await put(detection.uuid, { resolution: 'unknown' })
    assert.equal(again.status, 204, 'resolving a resolved detection changes nothing')
    assert.equal(detection.resolution, 'false_positive')

    assert.equal(sim.resetDataset(), 1)
    assert.equal(detection.status, 'active')
    assert.equal(detection.resolution, null)
    assert.equal(await activeCount(value), before)
  })

  test('400 with the API error body for a missing or unknown resolution, or a body that is not JSON', async () => {
    const { uuid } = activeDetection()
    for (const body of [{}, { resolution: 'fixed' }, { resolution: 3 }, '{"resolution":']) {
      const res = await put(uuid, body)
      assert.equal(res.status, 400, JSON.stringify(body))
      const answer = (await res.json()) as { error: { code: string; message: string } }
      assert.equal(typeof answer.error.code, 'string')
      assert.equal(typeof answer.error.message, 'string')
    }
    assert.equal(activeDetection().uuid, uuid, 'nothing changed')
  })

  test('404 for an unknown uuid', async () => {
    const res = await put('00000000-0000-4000-8000-000000000000', { resolution: 'unknown' })
    assert.equal(res.status, 404)
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'client.not_found')
  })

  test('a read-only key reads but gets 403 on the write', async () => {
    const detection = activeDetection()
    const read = await fetch(`${sim.urls.detections}detections?limit=1`, {
      headers: { authorization: `IBToken ${READ_ONLY_API_KEY}` },
    })
    assert.equal(read.status, 200)
    const res = await put(detection.uuid, { resolution: 'unknown' }, READ_ONLY_API_KEY)
    assert.equal(res.status, 403)
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /permission/)
    assert.equal(detection.status, 'active')
  })

  test('POST /_sim/dataset/reset undoes every resolve', async () => {
    const detection = activeDetection()
    await put(detection.uuid, { resolution: 'true_positive_mitigated' })
    const res = await fetch(`${sim.url}/_sim/dataset/reset`, { method: 'POST' })
    assert.deepEqual(await res.json(), { restored: 1 })
    assert.equal(detection.status, 'active')
  })
})
