import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DAY, detection, HOUR, MIN, NOW, tileInput } from '../../test/support/tile-sets.ts'
import { overTimeTile } from './over-time-tile.ts'

const at = (iso: string) => NOW - Date.parse(iso)

function stacks(tile: ReturnType<typeof overTimeTile>): Record<string, number[]> {
  const out: Record<string, number[]> = {}
  for (const bar of tile.data) {
    if (bar.value === 0) continue
    out[new Date(bar.key as number).toISOString()] = bar.values.map((value) => value.value)
  }
  return out
}

describe('detections over time tile', () => {
  test('last_hour: 13 five-minute buckets, zeros included, stacked high/moderate/low/other', () => {
    const created = [
      detection('r1', at('2026-03-01T11:35:00.000Z')),
      detection('r3', at('2026-03-01T11:39:59.999Z')),
      detection('r2', at('2026-03-01T12:34:55.000Z')),
      // Just before the period starts (11:34:56): not counted although its bucket is shown.
      detection('r1', at('2026-03-01T11:34:55.000Z')),
    ]
    const tile = overTimeTile(tileInput('last_hour', created))
    assert.equal(tile.key_type, 'timestamp')
    assert.deepEqual(
      tile.keys.map((key) => key.key),
      ['high', 'moderate', 'low', 'other'],
    )
    assert.equal(tile.data.length, 13)
    assert.equal(tile.data[0]?.key, Date.parse('2026-03-01T11:30:00.000Z'))
    assert.equal(tile.data[0]?.label, '2026-03-01 11:30 UTC')
    assert.deepEqual(stacks(tile), {
      '2026-03-01T11:35:00.000Z': [1, 0, 1, 0],
      '2026-03-01T12:30:00.000Z': [0, 1, 0, 0],
    })
    assert.equal(
      tile.data.reduce((sum, bar) => sum + bar.value, 0),
      3,
    )
    assert.match(tile.data[1]?.values[0]?.tooltip ?? '', /1 high severity detection$/)
    const links = tile.data[1]?.values.map((value) => value.link_uri) ?? []
    assert.match(links[0] ?? '', /rule_severity=high$/)
    assert.equal(links[3], undefined, 'no portal filter matches "other", so no link')
  })

  test('last_24_hours: 25 hourly buckets', () => {
    const created = [
      detection('r4', 24 * HOUR - MIN),
      detection('r4', 30 * MIN),
      detection('r1', 31 * MIN),
    ]
    const tile = overTimeTile(tileInput('last_24_hours', created))
    assert.equal(tile.data.length, 25)
    assert.deepEqual(stacks(tile), {
      '2026-02-28T12:00:00.000Z': [0, 0, 0, 1],
      '2026-03-01T12:00:00.000Z': [1, 0, 0, 1],
    })
  })

  test('last_30_days: 31 daily buckets starting at UTC midnight', () => {
    const created = [
      detection('r2', at('2026-02-01T23:59:59.000Z')),
      detection('r2', at('2026-02-02T00:00:00.000Z')),
      detection('r3', at('2026-03-01T00:00:00.000Z')),
      detection('r3', 31 * DAY),
    ]
    const tile = overTimeTile(tileInput('last_30_days', created))
    assert.equal(tile.data.length, 31)
    assert.equal(tile.data[0]?.label, '2026-01-30')
    assert.deepEqual(stacks(tile), {
      '2026-02-01T00:00:00.000Z': [0, 1, 0, 0],
      '2026-02-02T00:00:00.000Z': [0, 1, 0, 0],
      '2026-03-01T00:00:00.000Z': [0, 0, 1, 0],
    })
  })

  test('an empty period: every bucket present with zeros', () => {
    const tile = overTimeTile(tileInput('last_90_days', []))
    assert.equal(tile.data.length, 91)
    assert.ok(tile.data.every((bar) => bar.value === 0 && bar.values.length === 4))
  })
})
