import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { detection, HOUR, tileInput } from '../../test/support/tile-sets.ts'
import type { TileRule } from './detection-set.ts'
import { topRulesTile } from './top-rules-tile.ts'

describe('top rules tile', () => {
  test('most detections first, ties by rule name, ten at most', () => {
    const names = ['Kilo', 'Alpha', 'Juliet', 'Bravo', 'India', 'Charlie', 'Hotel', 'Delta']
    const names2 = ['Golf', 'Echo', 'Foxtrot', 'Lima']
    const rules: Record<string, TileRule> = {}
    const created = []
    // Kilo 3, Alpha 2, Juliet 2, then nine rules with one each.
    for (const [i, name] of [...names, ...names2].entries()) {
      rules[`u${i}`] = { uuid: `u${i}`, name, severity: 'low', category: 'Misc' }
      const count = name === 'Kilo' ? 3 : name === 'Alpha' || name === 'Juliet' ? 2 : 1
      for (let n = 0; n < count; n++) created.push(detection(`u${i}`, HOUR + n))
    }
    rules.u0 = { uuid: 'u0', name: 'Kilo', severity: 'high', category: 'Misc' }
    const input = tileInput('last_7_days', created)
    input.created.rules = rules
    const tile = topRulesTile(input)
    assert.equal(tile.key_type, 'string')
    assert.deepEqual(
      tile.data.map((bar) => [bar.label, bar.value]),
      [
        ['Kilo', 3],
        ['Alpha', 2],
        ['Juliet', 2],
        ['Bravo', 1],
        ['Charlie', 1],
        ['Delta', 1],
        ['Echo', 1],
        ['Foxtrot', 1],
        ['Golf', 1],
        ['Hotel', 1],
      ],
    )
    assert.deepEqual(
      tile.data[0]?.values.map((value) => [value.key, value.value]),
      [['high', 3]],
    )
    assert.equal(tile.data[0]?.key, 'u0')
    assert.equal(tile.data[0]?.values[0]?.link_uri, 'https://portal.example/detections/rules/u0')
  })

  test('an empty period has no bars but keeps the severity keys', () => {
    const tile = topRulesTile(tileInput('last_hour', [detection('r1', 3 * HOUR)]))
    assert.deepEqual(tile.data, [])
    assert.equal(tile.keys.length, 4)
  })
})
