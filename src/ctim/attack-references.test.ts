import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { attackReferences, attackUrl } from './attack-references.ts'
import { mapIndicator } from './indicator.ts'

describe('ATT&CK references (v2 rule 4)', () => {
  test('one per non-empty id, primary first, sub-techniques as a path', () => {
    const refs = attackReferences({ primary_attack_id: 'T1071.001', secondary_attack_id: 'T1105' })
    assert.deepEqual(
      refs.map(({ source_name, external_id, url }) => [source_name, external_id, url]),
      [
        ['MITRE ATT&CK', 'T1071.001', 'https://attack.mitre.org/techniques/T1071/001/'],
        ['MITRE ATT&CK', 'T1105', 'https://attack.mitre.org/techniques/T1105/'],
      ],
    )
    assert.deepEqual(attackReferences({ primary_attack_id: null, secondary_attack_id: '' }), [])
    assert.equal(attackReferences({ primary_attack_id: 'T1', secondary_attack_id: 'T1' }).length, 1)
  })

  test('they follow the rule page on the indicator', () => {
    const indicator = mapIndicator(
      { uuid: 'r-1', name: 'n', primary_attack_id: 'T1568.002', secondary_attack_id: null },
      { portalUrl: 'https://portal.icebrg.io' },
    )
    assert.deepEqual(
      indicator.external_references.map((ref) => ref.source_name),
      ['Gigamon ThreatINSIGHT', 'MITRE ATT&CK'],
    )
    assert.equal(
      indicator.external_references[1]?.url,
      'https://attack.mitre.org/techniques/T1568/002/',
    )
  })

  test('property: every url is on attack.mitre.org and ends with a slash', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (id) => {
        const url = new URL(attackUrl(id))
        assert.equal(url.origin, 'https://attack.mitre.org')
        assert.ok(url.pathname.startsWith('/techniques/'))
        assert.ok(url.pathname.endsWith('/'))
      }),
    )
  })
})
