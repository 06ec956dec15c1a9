import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { DAY, tileInput } from '../../test/support/tile-sets.ts'
import type { TileDetection } from './detection-set.ts'
import { overTimeTile } from './over-time-tile.ts'
import { overviewTile } from './overview-tile.ts'
import { PERIODS } from './periods.ts'
import { severityDonutTile } from './severity-donut-tile.ts'
import { topDevicesTile } from './top-devices-tile.ts'
import { topRulesTile } from './top-rules-tile.ts'

const detectionArb = fc.record({
  uuid: fc.uuid(),
  ruleUuid: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'unknown-rule'),
  deviceIp: fc.option(fc.ipV4(), { nil: undefined }),
  active: fc.boolean(),
  createdMs: fc.option(
    fc
      .integer({ min: -100 * DAY, max: 2 * DAY })
      .map((ago) => Date.parse('2026-03-01T12:34:56.000Z') - ago),
    { nil: undefined },
  ),
  lastSeenMs: fc.constant(undefined),
}) satisfies fc.Arbitrary<TileDetection>

describe('tiles agree with each other', () => {
  test('new in period: overview = chart total = donut total = top rules total (≤ 10 rules)', () => {
    fc.assert(
      fc.property(
        fc.array(detectionArb, { maxLength: 60 }),
        fc.constantFrom(...PERIODS),
        (list, period) => {
          const input = tileInput(period, list, list)
          const fresh = overviewTile(input).data[3]?.value
          const chart = overTimeTile(input).data.reduce((sum, bar) => sum + bar.value, 0)
          const donut = severityDonutTile(input).data.reduce((sum, slice) => sum + slice.value, 0)
          const rules = topRulesTile(input).data
          const ruleTotal = rules.reduce((sum, bar) => sum + bar.value, 0)
          assert.equal(chart, fresh)
          assert.equal(donut, fresh)
          assert.equal(ruleTotal, fresh, 'five rules at most here, so the top ten hold them all')
          for (let i = 1; i < rules.length; i++) {
            assert.ok((rules[i - 1]?.value ?? 0) >= (rules[i]?.value ?? 0))
          }
          const rows = topDevicesTile(input).data
          assert.ok(rows.length <= 12)
          const expectedDevices = new Set(
            list
              .filter((d) => d.deviceIp !== undefined && d.createdMs !== undefined)
              .filter(
                (d) =>
                  (d.createdMs as number) >= input.window.startMs &&
                  (d.createdMs as number) < input.window.endMs,
              )
              .map((d) => d.deviceIp),
          ).size
          assert.equal(rows.length, expectedDevices === 0 ? 1 : 2 + Math.min(10, expectedDevices))
        },
      ),
    )
  })
})
