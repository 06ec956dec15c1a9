import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { makeRule, PORTAL } from '../../test/support/ctim-builders.ts'
import { indicatorId, mapIndicator } from './indicator.ts'

describe('mapIndicator', () => {
  test('every field from the rule', () => {
    const { external_references, ...rest } = mapIndicator(makeRule({ uuid: 'rule-1' }), {
      portalUrl: PORTAL,
    })
    const url = `${PORTAL}/detections/rules/rule-1`
    assert.deepEqual(rest, {
      type: 'indicator',
      id: 'transient:indicator-rule-1',
      schema_version: '1.3.28',
      producer: 'Gigamon ThreatINSIGHT',
      source: 'Gigamon ThreatINSIGHT',
      valid_time: { start_time: '2020-05-04T21:39:41.696Z' },
      confidence: 'Low',
      severity: 'Medium',
      description: 'Detects executables fetched over HTTP.',
      short_description: 'Suspicious Executable File',
      title: 'Suspicious Executable File',
      tags: ['Attack:Installation'],
      external_ids: ['rule-1'],
      source_uri: url,
    })
    assert.equal(external_references.length, 1)
    assert.equal(external_references[0]?.source_name, 'Gigamon ThreatINSIGHT')
    assert.equal(external_references[0]?.external_id, 'rule-1')
    assert.equal(external_references[0]?.url, url)
    assert.ok(external_references[0]?.description)
  })

  test('unmapped severity and confidence are Unknown', () => {
    const indicator = mapIndicator(makeRule({ severity: 'urgent', confidence: null }), {
      portalUrl: PORTAL,
    })
    assert.equal(indicator.severity, 'Unknown')
    assert.equal(indicator.confidence, 'Unknown')
    assert.equal(
      mapIndicator(makeRule({ severity: 'critical' }), { portalUrl: PORTAL }).severity,
      'Critical',
    )
  })

  test('null rule fields are omitted; valid_time stays an object', () => {
    const indicator = mapIndicator(
      { uuid: 'r', name: null, category: null, description: null, created: null },
      { portalUrl: PORTAL },
    )
    assert.deepEqual(indicator.valid_time, {})
    for (const key of ['title', 'short_description', 'description', 'tags']) {
      assert.equal(key in indicator, false, key)
    }
    // Only null is left out: the original copied an empty category as it is.
    assert.deepEqual(mapIndicator(makeRule({ category: '' }), { portalUrl: PORTAL }).tags, [''])
  })

  test('the id is stable per rule uuid', () => {
    assert.equal(indicatorId('abc'), 'transient:indicator-abc')
    assert.equal(
      mapIndicator(makeRule({ uuid: 'abc' }), { portalUrl: PORTAL }).id,
      indicatorId('abc'),
    )
  })
})

describe('mapIndicator ATT&CK references (observe.md v2 rule 4)', () => {
  test('one per non-empty technique id of the rule, after the rule page', () => {
    const indicator = mapIndicator(
      makeRule({ uuid: 'r', primary_attack_id: 'T1105', secondary_attack_id: 'T1071.001' }),
      { portalUrl: PORTAL },
    )
    assert.deepEqual(
      indicator.external_references.map((ref) => [ref.source_name, ref.external_id, ref.url]),
      [
        ['Gigamon ThreatINSIGHT', 'r', `${PORTAL}/detections/rules/r`],
        ['MITRE ATT&CK', 'T1105', 'https://attack.mitre.org/techniques/T1105/'],
        ['MITRE ATT&CK', 'T1071.001', 'https://attack.mitre.org/techniques/T1071/001/'],
      ],
    )
  })
  test('empty, null or repeated ids add nothing', () => {
    for (const [primary, secondary] of [
      ['', null],
      [null, '  '],
      [undefined, undefined],
    ]) {
      const rule = makeRule({ primary_attack_id: primary, secondary_attack_id: secondary })
      assert.equal(mapIndicator(rule, { portalUrl: PORTAL }).external_references.length, 1)
    }
    const twice = makeRule({ primary_attack_id: 'T1573', secondary_attack_id: 'T1573' })
    assert.equal(mapIndicator(twice, { portalUrl: PORTAL }).external_references.length, 2)
  })
})
