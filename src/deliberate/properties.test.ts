import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { assertValidJudgement, assertValidVerdict } from '../../test/support/ctim-checks.ts'
import type { KeptDetection } from '../detections/keep-detections.ts'
import type { Rule } from '../gti/schemas.ts'
import { type Observable, SUPPORTED_TYPES } from '../observables/observable.ts'
import { judgementId } from './judgement.ts'
import { mapJudgements } from './map-judgements.ts'
import { decidingOrder } from './verdict.ts'

const NOW = Date.parse('2026-06-01T00:00:00.000Z')
const DAY = 24 * 60 * 60 * 1000

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 3000 }),
  fc.constantFrom('', ' ', '__proto__'),
)
const word = fc.oneof(
  fc.constantFrom('high', 'HIGH', 'moderate', 'medium', 'low', 'critical', 'bogus', ''),
  text,
)
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null })
const time = fc.oneof(
  fc.integer({ min: NOW - 400 * DAY, max: NOW + 10 * DAY }).map((ms) => new Date(ms).toISOString()),
  fc.constantFrom('not a time', '2026-05-30T10:00:00.123456Z', '1960-01-01T00:00:00Z'),
)

const ruleArb: fc.Arbitrary<Rule> = fc.record(
  {
    uuid: fc.constantFrom('r-a', 'r-b', 'r-c', 'a rule/with?odd#chars'),
    name: orNull(text),
    severity: orNull(word),
    confidence: orNull(word),
    primary_attack_id: orNull(fc.oneof(fc.constantFrom('T1071.001', 'T1573'), text)),
    secondary_attack_id: orNull(fc.oneof(fc.constantFrom('T1105'), text)),
  },
  { requiredKeys: ['uuid'] },
)

const keptArb: fc.Arbitrary<KeptDetection> = fc
  .record({
    rule: ruleArb,
    uuid: fc.uuid(),
    account_uuid: orNull(fc.constantFrom('a-1', 'a-2', 'a-3')),
    first_seen: orNull(time),
    last_seen: orNull(time),
    created: orNull(time),
    updated: orNull(time),
  })
  .map(({ rule, ...detection }) => ({
    rule,
    detection: { ...detection, rule_uuid: rule.uuid, status: 'active' },
  }))

const observableArb: fc.Arbitrary<Observable> = fc.record({
  type: fc.constantFrom(...SUPPORTED_TYPES),
  value: fc.oneof(fc.constantFrom('10.0.0.1', 'example.com'), fc.string({ minLength: 1 })),
})

const ctx = fc.record({
  portalUrl: fc.constantFrom('https://portal.icebrg.io', 'https://portal.example/'),
  validDays: fc.integer({ min: 1, max: 365 }),
  nowMs: fc.constant(NOW),
})

describe('judgement and verdict properties', () => {
  test('everything emitted is valid CTIM, current, and one judgement per rule', () => {
    fc.assert(
      fc.property(observableArb, fc.array(keptArb, { maxLength: 12 }), ctx, (obs, kept, c) => {
        const out = mapJudgements(obs, kept, c)
        for (const judgement of out.judgements) {
          assertValidJudgement(judgement)
          assert.ok(Date.parse(judgement.valid_time.end_time) > NOW)
          assert.deepEqual(judgement.observable, { type: obs.type, value: obs.value })
        }
        const rules = out.judgements.map((j) => j.external_ids[0])
        assert.equal(new Set(rules).size, rules.length)
        assert.ok(out.judgements.length <= new Set(kept.map((k) => k.rule.uuid)).size)
        if (out.verdict !== undefined) assertValidVerdict(out.verdict)
      }),
    )
  })

  test('the verdict is the deciding judgement, present exactly when a judgement is', () => {
    fc.assert(
      fc.property(observableArb, fc.array(keptArb, { maxLength: 12 }), ctx, (obs, kept, c) => {
        const { judgements, verdict } = mapJudgements(obs, kept, c)
        assert.equal(verdict === undefined, judgements.length === 0)
        if (verdict === undefined) return
        const deciding = judgements[0]
        assert.ok(deciding)
        for (const other of judgements) assert.ok(decidingOrder(deciding, other) <= 0)
        assert.equal(verdict.judgement_id, deciding.id)
        assert.equal(verdict.disposition, deciding.disposition)
        assert.deepEqual(verdict.valid_time, deciding.valid_time)
      }),
    )
  })

  test('the same input gives the same answer; an id depends on the rule and the observable only', () => {
    fc.assert(
      fc.property(observableArb, fc.array(keptArb, { maxLength: 8 }), ctx, (obs, kept, c) => {
        const once = mapJudgements(obs, kept, c)
        assert.deepEqual(mapJudgements(obs, kept, c), once)
        // An id names only the rule and the observable, so XDR can de-duplicate across calls.
        for (const judgement of once.judgements) {
          assert.equal(judgement.id, judgementId(judgement.external_ids[0] as string, obs))
        }
      }),
    )
  })
})
