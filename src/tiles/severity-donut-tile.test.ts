import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DAY, detection, HOUR, RULES, tileInput } from '../../test/support/tile-sets.ts'
import type { TileRule } from './detection-set.ts'
import { severityDonutTile } from './severity-donut-tile.ts'

const other: TileRule = {
  uuid: 'r5',
  name: 'Echo',
  severity: 'high',
  category: 'Attack:Exfiltration',
}

describe('detections by severity tile', () => {
  test('outer ring by severity in order, empty ones left out; inner by category', () => {
    const created = [
      detection('r1', 1 * HOUR),
      detection('r1', 2 * HOUR),
      detection('r5', 3 * HOUR),
      detection('r4', 4 * HOUR),
      detection('r2', 5 * DAY),
      // Outside last_24_hours:
      detection('r3', 2 * DAY),
    ]
    const input = tileInput('last_24_hours', created)
    input.created.rules = { ...RULES, r5: other }
    const tile = severityDonutTile(input)
    // r2 (moderate) and r3 (low) are outside the period: the ring has High and Other only.
    assert.deepEqual(tile.labels, [
      ['High', 'Other'],
      ['Attack:Command and Control', 'Attack:Exfiltration', 'Miscellaneous'],
    ])
    assert.deepEqual(tile.label_headers, ['Severity', 'Category'])
    assert.deepEqual(
      tile.data.map(({ key, value, segments }) => ({ key, value, segments })),
      [
        {
          key: 0,
          value: 3,
          segments: [
            { key: 0, value: 2 },
            { key: 1, value: 1 },
          ],
        },
        { key: 1, value: 1, segments: [{ key: 2, value: 1 }] },
      ],
    )
    assert.match(tile.data[0]?.link_uri ?? '', /rule_severity=high$/)
    assert.equal(tile.data[1]?.link_uri, undefined, 'no portal filter matches "other"')
  })

  test('all four severities in order when each has detections', () => {
    const created = ['r4', 'r3', 'r2', 'r1'].map((rule, i) => detection(rule, (i + 1) * HOUR))
    const tile = severityDonutTile(tileInput('last_7_days', created))
    assert.deepEqual(tile.labels[0], ['High', 'Moderate', 'Low', 'Other'])
    assert.deepEqual(
      tile.data.map((slice) => slice.value),
      [1, 1, 1, 1],
    )
  })

  test('an empty period: no labels, no data', () => {
    const tile = severityDonutTile(tileInput('last_hour', [detection('r1', 2 * HOUR)]))
    assert.deepEqual(tile.labels, [[], []])
    assert.deepEqual(tile.data, [])
  })
})
