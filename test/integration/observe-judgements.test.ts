/**
 * Judgements and verdicts in observe (deliberate.md "In observe"), and one
 * upstream detections call shared by an observe and a deliberate of the same
 * observable sent together.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { WELL_KNOWN_OBSERVABLES } from '../../src/simulator/index.ts'
import { assertValidJudgement, assertValidVerdict } from '../support/ctim-checks.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

let h: Harness
const IP = { type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }
const DOMAIN = { type: 'domain', value: WELL_KNOWN_OBSERVABLES.domain }

before(async () => {
  // Every upstream answer takes a while, so two requests sent together overlap upstream.
  // No answer cache: requests one after the other must each ask ThreatINSIGHT.
  h = await startHarness({ sim: { latencyMs: 150 }, env: { ANSWER_CACHE_TTL_S: '0' } })
})
after(async () => {
  await h.close()
})

describe('observe answers judgements and verdicts', () => {
  test('the same judgements and verdict as deliberate, each judgement based-on its indicator', async () => {
    const [observed, deliberated] = await Promise.all([
      h.post('/observe/observables', [IP, DOMAIN]),
      h.post('/deliberate/observables', [IP, DOMAIN]),
    ])
    const data = observed.body.data
    assert.equal(observed.body.errors, undefined)
    assert.ok(data.judgements.count > 0)
    assert.deepEqual(data.judgements, deliberated.body.data.judgements)
    assert.deepEqual(data.verdicts, deliberated.body.data.verdicts)
    for (const doc of data.judgements.docs) assertValidJudgement(doc)
    for (const doc of data.verdicts.docs) assertValidVerdict(doc)

    const indicators = new Set(data.indicators.docs.map((doc: any) => doc.id))
    const judgements = new Set(data.judgements.docs.map((doc: any) => doc.id))
    const sightings = new Set(data.sightings.docs.map((doc: any) => doc.id))
    const basedOn = data.relationships.docs.filter((r: any) => r.relationship_type === 'based-on')
    const sightingOf = data.relationships.docs.filter(
      (r: any) => r.relationship_type === 'sighting-of',
    )
    assert.equal(basedOn.length + sightingOf.length, data.relationships.count)
    assert.ok(basedOn.length > 0)
    for (const rel of basedOn) {
      assert.ok(judgements.has(rel.source_ref))
      assert.ok(indicators.has(rel.target_ref))
      assert.equal(rel.target_ref, `transient:indicator-${judgementRule(data, rel.source_ref)}`)
    }
    // Every judgement whose rule's indicator is in the answer has its link, and only one.
    const linkable = data.judgements.docs.filter((j: any) =>
      indicators.has(`transient:indicator-${j.external_ids[0]}`),
    )
    assert.equal(basedOn.length, linkable.length)
    for (const rel of sightingOf) assert.ok(sightings.has(rel.source_ref))
    assert.equal(sightingOf.length, data.sightings.docs.filter(isAttached).length)
  })

  test('an observe, a deliberate and a respond listing of one observable sent together make one detections call', async () => {
    h.sim.resetStats()
    const respondToken = await h.token({ GTI_ENABLE_RESPONSE_ACTIONS: true })
    const [observed, deliberated, listed] = await Promise.all([
      h.post('/observe/observables', [IP]),
      h.post('/deliberate/observables', [IP]),
      h.post('/respond/observables', [IP], { token: respondToken }),
    ])
    assert.equal(observed.status, 200)
    assert.ok(deliberated.body.data.verdicts.count === 1)
    assert.equal(listed.body.data.length, 3)
    assert.equal(h.sim.stats().byRoute.detections, 1)

    // Asked one after the other, each makes its own call: the sharing above is real.
    h.sim.resetStats()
    await h.post('/observe/observables', [IP])
    await h.post('/deliberate/observables', [IP])
    assert.equal(h.sim.stats().byRoute.detections, 2)
  })
})

function judgementRule(data: any, judgementId: string): string {
  return data.judgements.docs.find((j: any) => j.id === judgementId).external_ids[0]
}

function isAttached(sighting: any): boolean {
  return sighting.external_ids.length > 1
}
