import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { NOW } from '../../test/support/tile-sets.ts'
import { bucketMs, bucketStarts, cacheTtlMs, isPeriod, PERIODS, periodWindow } from './periods.ts'

const iso = (ms: number | undefined) => new Date(ms ?? Number.NaN).toISOString()

describe('periods', () => {
  test('cache TTLs: 1 minute, 5 minutes, then 15 minutes', () => {
    assert.deepEqual(
      PERIODS.map((period) => cacheTtlMs(period) / 60_000),
      [1, 5, 15, 15, 15, 15],
    )
  })

  test('only the six period names are periods', () => {
    for (const period of PERIODS) assert.ok(isPeriod(period))
    for (const other of ['last_2_days', '', 'toString', 'constructor', 7, null]) {
      assert.equal(isPeriod(other), false)
    }
  })

  test('last_hour at 12:34:56: 13 five-minute buckets from 11:30 to 12:30', () => {
    const starts = bucketStarts(periodWindow('last_hour', NOW), bucketMs('last_hour'))
    assert.equal(starts.length, 13)
    assert.equal(iso(starts[0]), '2026-03-01T11:30:00.000Z')
    assert.equal(iso(starts.at(-1)), '2026-03-01T12:30:00.000Z')
  })

  test('last_24_hours: 25 hourly buckets, 24 when now is on the hour', () => {
    const starts = bucketStarts(periodWindow('last_24_hours', NOW), bucketMs('last_24_hours'))
    assert.equal(starts.length, 25)
    assert.equal(iso(starts[0]), '2026-02-28T12:00:00.000Z')
    assert.equal(iso(starts.at(-1)), '2026-03-01T12:00:00.000Z')
    const onTheHour = Date.parse('2026-03-01T12:00:00.000Z')
    const exact = bucketStarts(periodWindow('last_24_hours', onTheHour), bucketMs('last_24_hours'))
    assert.equal(exact.length, 24)
    assert.equal(iso(exact[0]), '2026-02-28T12:00:00.000Z')
    assert.equal(iso(exact.at(-1)), '2026-03-01T11:00:00.000Z')
  })

  test('day buckets start at UTC midnight: 8 for 7 days, 31 for 30, 61 for 60, 91 for 90', () => {
    const counts = (['last_7_days', 'last_30_days', 'last_60_days', 'last_90_days'] as const).map(
      (period) => {
        const starts = bucketStarts(periodWindow(period, NOW), bucketMs(period))
        assert.ok(starts.every((start) => iso(start).endsWith('T00:00:00.000Z')))
        assert.equal(iso(starts.at(-1)), '2026-03-01T00:00:00.000Z')
        return starts.length
      },
    )
    assert.deepEqual(counts, [8, 31, 61, 91])
  })

  test('property: buckets are contiguous, aligned, and exactly cover the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_500_000_000_000, max: 2_000_000_000_000 }),
        fc.constantFrom(...PERIODS),
        (now, period) => {
          const window = periodWindow(period, now)
          const width = bucketMs(period)
          const starts = bucketStarts(window, width)
          const first = starts[0] ?? Number.NaN
          const last = starts.at(-1) ?? Number.NaN
          assert.ok(first <= window.startMs && first + width > window.startMs)
          assert.ok(last < window.endMs && last + width >= window.endMs)
          starts.forEach((start, i) => {
            assert.equal(start % width, 0)
            if (i > 0) assert.equal(start - (starts[i - 1] ?? 0), width)
          })
        },
      ),
    )
  })
})
