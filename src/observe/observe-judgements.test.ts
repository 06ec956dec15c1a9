import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { ObserveData } from '../ctim/index.ts'
import { mapJudgements } from '../deliberate/map-judgements.ts'
import type { Rule } from '../gti/schemas.ts'
import { addJudgements } from './observe-judgements.ts'

const NOW = Date.parse('2026-06-01T00:00:00.000Z')
const CTX = { portalUrl: 'https://portal.example', validDays: 30, nowMs: NOW }
const seen = { first_seen: '2026-05-20T00:00:00Z', last_seen: '2026-05-30T00:00:00Z' }

function judged(value: string, rules: Rule[]) {
  return mapJudgements(
    { type: 'ip', value },
    rules.map((rule, i) => ({
      rule,
      detection: { uuid: `d-${i}`, rule_uuid: rule.uuid, status: 'active', ...seen },
    })),
    CTX,
  )
}

const bundle = (indicatorRules: string[]): ObserveData => ({
  indicators: {
    count: indicatorRules.length,
    docs: indicatorRules.map((uuid) => ({ id: `transient:indicator-${uuid}` }) as never),
  },
  relationships: {
    count: 1,
    docs: [{ id: 'transient:relationship-s', relationship_type: 'sighting-of' } as never],
  },
})

describe('judgements in observe', () => {
  test('a based-on link per judgement whose indicator is in the answer, after the sighting-of ones', () => {
    const parts = [
      judged('10.0.0.1', [{ uuid: 'r-1' }, { uuid: 'r-2' }]),
      judged('10.0.0.2', [{ uuid: 'r-1' }]),
    ]
    const data = addJudgements(bundle(['r-1']), parts)
    assert.equal(data.judgements?.count, 3)
    assert.deepEqual(
      data.verdicts?.docs.map((v) => v.observable.value),
      ['10.0.0.1', '10.0.0.2'],
    )
    const docs = data.relationships?.docs ?? []
    assert.equal(docs[0]?.relationship_type, 'sighting-of')
    const basedOn = docs.slice(1)
    assert.deepEqual(
      basedOn.map((r) => [r.relationship_type, r.target_ref]),
      [
        ['based-on', 'transient:indicator-r-1'],
        ['based-on', 'transient:indicator-r-1'],
      ],
    )
    // One id per (judgement, indicator), the same in every answer, different between links.
    const ids = basedOn.map((r) => r.id)
    assert.match(ids[0] ?? '', /^transient:relationship-[0-9a-f-]{36}$/)
    assert.notEqual(ids[0], ids[1])
    assert.deepEqual(
      (addJudgements(bundle(['r-1']), parts).relationships?.docs ?? []).slice(1).map((r) => r.id),
      ids,
    )
    assert.equal(data.relationships?.count, 3)
  })

  test('without judgements the v1 bundle is returned as it was', () => {
    const v1 = bundle(['r-1'])
    assert.deepEqual(addJudgements(v1, [judged('10.0.0.1', [])]), v1)
  })
})
