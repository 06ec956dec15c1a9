import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { mapConfidence, mapSeverity } from './severity.ts'

describe('mapSeverity', () => {
  test('maps the known words, case-insensitively', () => {
    const cases: [string, string][] = [
      ['high', 'High'],
      ['HIGH', 'High'],
      ['moderate', 'Medium'],
      ['Moderate', 'Medium'],
      ['medium', 'Medium'],
      ['MeDiUm', 'Medium'],
      ['low', 'Low'],
      ['LOW', 'Low'],
      ['critical', 'Critical'],
      ['CRITICAL', 'Critical'],
    ]
    for (const [word, mapped] of cases) assert.equal(mapSeverity(word), mapped, word)
  })

  test('anything else is undefined', () => {
    for (const value of [
      '',
      ' high',
      'high ',
      'hi',
      'info',
      'unknown',
      'None',
      null,
      undefined,
      3,
      {},
    ]) {
      assert.equal(mapSeverity(value), undefined, String(value))
    }
  })

  test('only ASCII letters fold: the Kelvin sign and dotted I do not match', () => {
    assert.equal(mapSeverity('H\u0130GH'), undefined)
    assert.equal(mapSeverity('\u212Aritical'), undefined)
  })
})

describe('mapConfidence', () => {
  test('same words, Unknown otherwise, critical as Critical like the original', () => {
    assert.equal(mapConfidence('low'), 'Low')
    assert.equal(mapConfidence('Moderate'), 'Medium')
    assert.equal(mapConfidence('high'), 'High')
    assert.equal(mapConfidence('critical'), 'Critical')
    assert.equal(mapConfidence('bogus'), 'Unknown')
    assert.equal(mapConfidence(null), 'Unknown')
  })
})
