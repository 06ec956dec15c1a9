import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { assertValidJudgement, assertValidVerdict } from '../../test/support/ctim-checks.ts'
import type { KeptDetection } from '../detections/keep-detections.ts'
import type { Detection, Rule } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { cutText } from './ctim-text.ts'
import { confidenceOf, dispositionOf, judgementId, mapJudgement, priorityOf } from './judgement.ts'
import { mapJudgements } from './map-judgements.ts'
import type { Judgement } from './types.ts'
import { uuidV5 } from './uuid-v5.ts'
import { judgementValidTime } from './valid-time.ts'
import { decidingOrder } from './verdict.ts'

const NOW = Date.parse('2026-06-01T00:00:00.000Z')
const DAY = 24 * 60 * 60 * 1000
const CTX = { portalUrl: 'https://portal.example', validDays: 30, nowMs: NOW }
const IP: Observable = { type: 'ip', value: '10.0.0.1' }
const iso = (ms: number) => new Date(ms).toISOString()

function rule(overrides: Partial<Rule> = {}): Rule {
  return {
    uuid: 'r-1',
    name: 'Beacon',
    severity: 'high',
    confidence: 'high',
    ...overrides,
  }
}

function kept(r: Rule, overrides: Partial<Detection> = {}): KeptDetection {
  return {
    rule: r,
    detection: {
      uuid: `d-${Math.random()}`,
      rule_uuid: r.uuid,
      account_uuid: 'acct-1',
      status: 'active',
      first_seen: iso(NOW - 3 * DAY),
      last_seen: iso(NOW - DAY),
      ...overrides,
    },
  }
}

describe('disposition table', () => {
  const cases: [string, string, number, string][] = [
    ['high', 'high', 2, 'Malicious'],
    ['moderate', 'high', 2, 'Malicious'],
    ['MODERATE', 'High', 2, 'Malicious'],
    ['low', 'high', 3, 'Suspicious'],
    ['high', 'moderate', 3, 'Suspicious'],
    ['high', 'low', 3, 'Suspicious'],
    ['moderate', 'moderate', 3, 'Suspicious'],
    ['bogus', 'high', 3, 'Suspicious'],
    ['high', 'bogus', 3, 'Suspicious'],
  ]
  for (const [severity, confidence, number, name] of cases) {
    test(`severity ${severity}, confidence ${confidence} → ${number} ${name}`, () => {
      assert.deepEqual(dispositionOf(rule({ severity, confidence })), {
        disposition: number,
        name,
      })
    })
  }
  test('missing severity or confidence is Suspicious', () => {
    assert.equal(dispositionOf({ uuid: 'r' }).name, 'Suspicious')
    assert.equal(dispositionOf(rule({ severity: null })).name, 'Suspicious')
  })
})

describe('priority table', () => {
  for (const [severity, priority] of [
    ['high', 90],
    ['moderate', 85],
    ['low', 80],
    ['critical', 75],
    ['unheard-of', 75],
    [null, 75],
  ] as const) {
    test(`severity ${severity} → ${priority}`, () => {
      assert.equal(priorityOf(rule({ severity })), priority)
    })
  }
})

describe('severity and confidence', () => {
  test('mapped as observe maps them; unknown words are Unknown', () => {
    const j = mapJudgement(
      IP,
      rule({ severity: 'moderate', confidence: 'low' }),
      [kept(rule())],
      CTX,
    )
    assert.equal(j?.severity, 'Medium')
    assert.equal(j?.confidence, 'Low')
    const odd = mapJudgement(IP, rule({ severity: 'x', confidence: 'y' }), [kept(rule())], CTX)
    assert.equal(odd?.severity, 'Unknown')
    assert.equal(odd?.confidence, 'Unknown')
  })
  test('confidence critical has no HighMedLow word: High, so the judgement stays valid', () => {
    assert.equal(confidenceOf(rule({ confidence: 'critical' })), 'High')
  })
})

describe('valid_time', () => {
  test('earliest first_seen to latest last_seen plus the valid days', () => {
    const time = judgementValidTime(
      [
        {
          uuid: 'a',
          rule_uuid: 'r',
          first_seen: iso(NOW - 10 * DAY),
          last_seen: iso(NOW - 5 * DAY),
        },
        {
          uuid: 'b',
          rule_uuid: 'r',
          first_seen: iso(NOW - 8 * DAY),
          last_seen: iso(NOW - 2 * DAY),
        },
      ],
      30,
      NOW,
    )
    assert.deepEqual(time, { start_time: iso(NOW - 10 * DAY), end_time: iso(NOW + 28 * DAY) })
  })
  test('created stands in for first_seen; updated, then created, for last_seen', () => {
    const time = judgementValidTime(
      [
        { uuid: 'a', rule_uuid: 'r', created: iso(NOW - 9 * DAY), updated: iso(NOW - 4 * DAY) },
        { uuid: 'b', rule_uuid: 'r', created: iso(NOW - 3 * DAY) },
      ],
      7,
      NOW,
    )
    assert.deepEqual(time, { start_time: iso(NOW - 9 * DAY), end_time: iso(NOW + 4 * DAY) })
  })
  test('microsecond upstream timestamps are read; unreadable ones are ignored', () => {
    const time = judgementValidTime(
      [
        {
          uuid: 'a',
          rule_uuid: 'r',
          first_seen: '2026-05-30T10:00:00.123456Z',
          last_seen: 'yesterday',
          updated: '2026-05-31T00:00:00.000001Z',
        },
      ],
      1,
      NOW,
    )
    assert.deepEqual(time, {
      start_time: '2026-05-30T10:00:00.123Z',
      end_time: '2026-06-01T00:00:00.000Z',
    })
  })
  test('never open-ended: no usable time counts as seen now; the end is capped at 2525', () => {
    assert.deepEqual(judgementValidTime([{ uuid: 'a', rule_uuid: 'r' }], 30, NOW), {
      start_time: iso(NOW),
      end_time: iso(NOW + 30 * DAY),
    })
    const late = judgementValidTime(
      [{ uuid: 'a', rule_uuid: 'r', last_seen: '2524-12-31T00:00:00Z' }],
      365,
      NOW,
    )
    assert.equal(late.end_time, '2525-01-01T00:00:00.000Z')
  })
  test('expired: a judgement whose end is already past is not made', () => {
    const old = kept(rule(), { first_seen: iso(NOW - 90 * DAY), last_seen: iso(NOW - 31 * DAY) })
    assert.equal(mapJudgement(IP, rule(), [old], CTX), undefined)
    const edge = kept(rule(), { first_seen: iso(NOW - 90 * DAY), last_seen: iso(NOW - 30 * DAY) })
    assert.equal(mapJudgement(IP, rule(), [edge], CTX), undefined, 'ending exactly now is past')
    const fresh = kept(rule(), { first_seen: iso(NOW - 90 * DAY), last_seen: iso(NOW - 29 * DAY) })
    assert.ok(mapJudgement(IP, rule(), [fresh], CTX))
  })
})

describe('judgement fields', () => {
  test('reason, reason_uri, references, ids', () => {
    const r = rule({
      uuid: 'r-9',
      primary_attack_id: 'T1071.001',
      secondary_attack_id: 'T1071.001',
    })
    const j = mapJudgement(IP, r, [kept(r), kept(r)], CTX) as Judgement
    assert.equal(j.reason, 'Beacon (2 active detection(s) in 1 account(s))')
    assert.equal(j.reason_uri, 'https://portal.example/detections/rules/r-9?account_uuid=acct-1')
    assert.equal(j.source_uri, 'https://portal.example/detections/rules/r-9')
    assert.deepEqual(j.external_ids, ['r-9'])
    assert.deepEqual(
      j.external_references.map((ref) => [ref.source_name, ref.external_id, ref.url]),
      [
        ['Gigamon ThreatINSIGHT', 'r-9', 'https://portal.example/detections/rules/r-9'],
        ['MITRE ATT&CK', 'T1071.001', 'https://attack.mitre.org/techniques/T1071/001/'],
      ],
    )
    assert.equal(j.tlp, 'amber')
    assert.equal(j.source, 'Gigamon ThreatINSIGHT')
    assert.equal(j.schema_version, '1.3.28')
    assertValidJudgement(j)
  })
  test('several accounts: counted, and the reason link has no account', () => {
    const r = rule()
    const j = mapJudgement(IP, r, [kept(r), kept(r, { account_uuid: 'acct-2' })], CTX) as Judgement
    assert.match(j.reason, /in 2 account\(s\)\)$/)
    assert.equal(j.reason_uri, 'https://portal.example/detections/rules/r-1')
  })
  test('string limits: a long rule name is cut with … and the counts survive', () => {
    const r = rule({ name: 'n'.repeat(5000) })
    const j = mapJudgement(IP, r, [kept(r)], CTX) as Judgement
    assert.equal(j.reason.length, 1024)
    assert.match(j.reason, /n… \(1 active detection\(s\) in 1 account\(s\)\)$/)
    assertValidJudgement(j)
    assert.equal(cutText('abc', 3), 'abc')
    assert.equal(cutText('abcd', 3), 'ab…')
    assert.equal(cutText('a😀b', 3), 'a…', 'a surrogate pair is never split')
  })
  test('a rule without a name is named by its uuid', () => {
    const r = rule({ name: null })
    assert.match((mapJudgement(IP, r, [kept(r)], CTX) as Judgement).reason, /^Rule r-1 \(/)
  })
})

describe('ids', () => {
  test('uuid v5 matches the RFC example (DNS namespace, www.example.com)', () => {
    assert.equal(
      uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    )
  })
  test('stable across calls, distinct per rule and per observable', () => {
    const id = judgementId('r-1', IP)
    assert.equal(id, judgementId('r-1', { ...IP }))
    assert.match(id, /^transient:judgement-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/)
    assert.notEqual(id, judgementId('r-2', IP))
    assert.notEqual(id, judgementId('r-1', { type: 'domain', value: '10.0.0.1' }))
    assert.notEqual(id, judgementId('r-1', { type: 'ip', value: '10.0.0.2' }))
  })
})

describe('deciding judgement', () => {
  const j = (rule: string, disposition: 2 | 3, priority: number, endDay: number): Judgement =>
    ({
      external_ids: [rule],
      disposition,
      priority,
      valid_time: { start_time: iso(NOW), end_time: iso(NOW + endDay * DAY) },
    }) as Judgement
  test('lowest disposition, then highest priority, then latest end, then smallest rule uuid', () => {
    const list = [
      j('b', 3, 90, 30),
      j('z', 2, 80, 1),
      j('c', 2, 85, 5),
      j('d', 2, 85, 9),
      j('a', 2, 85, 9),
    ]
    assert.deepEqual(
      [...list].sort(decidingOrder).map((x) => x.external_ids[0]),
      ['a', 'd', 'c', 'z', 'b'],
    )
  })
  test('the verdict is the deciding judgement, and nothing without a judgement', () => {
    const malicious = rule({ uuid: 'r-m' })
    const suspicious = rule({ uuid: 'r-s', severity: 'high', confidence: 'low' })
    const out = mapJudgements(IP, [kept(suspicious), kept(malicious)], CTX)
    assert.deepEqual(
      out.judgements.map((x) => x.external_ids[0]),
      ['r-m', 'r-s'],
    )
    assert.equal(out.verdict?.judgement_id, out.judgements[0]?.id)
    assert.equal(out.verdict?.disposition_name, 'Malicious')
    assertValidVerdict(out.verdict)
    assert.deepEqual(mapJudgements(IP, [], CTX), { judgements: [] })
  })
})
