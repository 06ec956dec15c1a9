/**
 * Deliberate and respond-listing answers from the answer cache, over HTTP: a
 * repeated request asks ThreatINSIGHT nothing, a trigger makes the next one ask.
 */
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { type Harness, startHarness } from '../support/relay-harness.ts'
import { VERDICT_OBSERVABLES as O, verdictDataset } from '../support/verdict-dataset.ts'

let h: Harness
const ON = { GTI_ENABLE_RESPONSE_ACTIONS: true }

before(async () => {
  h = await startHarness({ sim: { dataset: verdictDataset() } })
})
after(async () => {
  await h.close()
})
beforeEach(() => {
  h.sim.resetDataset()
  h.sim.resetStats()
})

async function post(path: string, body: unknown, claims: Record<string, unknown> = ON) {
  const res = await h.post(path, body, { token: await h.token(claims) })
  assert.equal(res.status, 200)
  return res.body
}

const detectionCalls = () => h.sim.stats().byRoute.detections ?? 0

describe('answer cache: deliberate and respond-listing', () => {
  test('a repeated deliberate makes no upstream call and answers the same', async () => {
    const request = [O.malicious, O.suspicious]
    const first = await post('/deliberate/observables', request)
    assert.equal(first.data.verdicts.count, 2)
    assert.ok(detectionCalls() >= 2)
    h.sim.resetStats()
    assert.deepEqual(await post('/deliberate/observables', request), first)
    assert.equal(detectionCalls(), 0)
    // A request of one cached and one new observable asks only for the new one.
    await post('/deliberate/observables', [O.suspicious, O.stale])
    assert.equal(detectionCalls(), 1)
  })

  test('a repeated respond-listing makes no upstream call and answers the same', async () => {
    const request = [O.respondTwo, O.stale]
    const first = await post('/respond/observables', request)
    assert.equal(first.data.length, 6)
    assert.ok(detectionCalls() >= 2)
    h.sim.resetStats()
    assert.deepEqual(await post('/respond/observables', request), first)
    assert.equal(detectionCalls(), 0)
  })

  test('a failed lookup is not cached: the next request asks again', async () => {
    const failing = { type: 'domain', value: 'http-500.fault.test' }
    for (const path of ['/deliberate/observables', '/respond/observables']) {
      h.sim.resetStats()
      assert.equal((await post(path, [failing])).errors[0].code, 'service unavailable')
      const firstCalls = detectionCalls()
      assert.ok(firstCalls > 0, path)
      h.sim.resetStats()
      assert.equal((await post(path, [failing])).errors[0].code, 'service unavailable')
      assert.equal(detectionCalls(), firstCalls, path)
    }
  })

  test('listing with response actions off is never cached nor served from the cache', async () => {
    assert.deepEqual(await post('/respond/observables', [O.respondTwo], {}), { data: [] })
    assert.equal(detectionCalls(), 0)
    assert.equal((await post('/respond/observables', [O.respondTwo])).data.length, 3)
    assert.deepEqual(await post('/respond/observables', [O.respondTwo], {}), { data: [] })
  })

  test('a trigger makes the next deliberate and listing ask again: no verdict, no actions', async () => {
    const deliberated = await post('/deliberate/observables', [O.respond])
    assert.equal(deliberated.data.verdicts.count, 1)
    assert.equal((await post('/respond/observables', [O.respond])).data.length, 3)
    h.sim.resetStats()
    await post('/deliberate/observables', [O.respond])
    await post('/respond/observables', [O.respond])
    assert.equal(detectionCalls(), 0, 'both served from the cache before the trigger')

    const triggered = await post('/respond/trigger', {
      'action-id': 'gti-resolve-false-positive',
      observable_type: O.respond.type,
      observable_value: O.respond.value,
    })
    assert.deepEqual(triggered, { data: { status: 'success' } })

    h.sim.resetStats()
    assert.deepEqual(await post('/deliberate/observables', [O.respond]), { data: {} })
    assert.deepEqual(await post('/respond/observables', [O.respond]), { data: [] })
    assert.equal(detectionCalls(), 2, 'one fresh lookup each')
  })
})
