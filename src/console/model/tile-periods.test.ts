import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { TILE_DEFINITIONS } from '../../tiles/index.ts'
import { offeredPeriods } from './tile-periods.ts'

describe('offeredPeriods', () => {
  test('the union of the listed periods, in listed order, with the first default preselected', () => {
    const { periods, preferred } = offeredPeriods([
      { id: 'a', periods: ['last_hour', 'last_7_days'], default_period: 'last_7_days' },
      { id: 'b', periods: ['last_7_days', 'last_90_days'], default_period: 'last_90_days' },
      { id: 'c' },
    ])
    assert.deepEqual(periods, ['last_hour', 'last_7_days', 'last_90_days'])
    assert.equal(preferred, 'last_7_days')
  })

  test('the relay’s own tiles: every period they offer, none invented', () => {
    const { periods, preferred } = offeredPeriods(TILE_DEFINITIONS)
    const listed = new Set<string>(TILE_DEFINITIONS.flatMap((tile) => [...tile.periods]))
    assert.deepEqual(new Set(periods), listed)
    assert.ok(preferred !== undefined && listed.has(preferred))
  })

  test('no tiles, no periods', () => {
    assert.deepEqual(offeredPeriods([]), { periods: [], preferred: undefined })
  })
})
