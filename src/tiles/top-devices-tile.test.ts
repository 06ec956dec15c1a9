import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DAY, detection, HOUR, NOW, tileInput } from '../../test/support/tile-sets.ts'
import { NO_DETECTIONS_LINE, topDevicesTile } from './top-devices-tile.ts'

describe('top devices tile', () => {
  test('a markdown table: count, highest severity, distinct rules, last seen', () => {
    const created = [
      detection('r3', 1 * HOUR, { deviceIp: '10.0.0.10', lastSeenMs: NOW - 2 * HOUR }),
      detection('r1', 2 * HOUR, { deviceIp: '10.0.0.10', lastSeenMs: NOW - 90 * 60_000 }),
      detection('r3', 3 * HOUR, { deviceIp: '10.0.0.10', lastSeenMs: NOW - 4 * HOUR }),
      detection('r2', 1 * HOUR, { deviceIp: '10.0.0.9', lastSeenMs: undefined }),
      detection('r4', 1 * HOUR, { deviceIp: '10.0.0.11', lastSeenMs: NOW - HOUR }),
      detection('r1', 1 * HOUR, { deviceIp: undefined }),
      detection('r1', 8 * DAY, { deviceIp: '10.0.0.99' }),
    ]
    const { data } = topDevicesTile(tileInput('last_7_days', created))
    assert.deepEqual(data, [
      '| Device | Detections | Highest severity | Rules | Last seen (UTC) |',
      '| --- | ---: | --- | ---: | --- |',
      '| [10.0.0.10](https://portal.example/search?query=ip+%3D+%2710.0.0.10%27) | 3 | High | 2 | 2026-03-01 11:04:56 |',
      // Ties by address, in numeric order: .9 before .11.
      '| [10.0.0.9](https://portal.example/search?query=ip+%3D+%2710.0.0.9%27) | 1 | Moderate | 1 | - |',
      '| [10.0.0.11](https://portal.example/search?query=ip+%3D+%2710.0.0.11%27) | 1 | Other | 1 | 2026-03-01 11:34:56 |',
    ])
  })

  test('ten devices at most', () => {
    const created = Array.from({ length: 12 }, (_, i) =>
      detection('r2', HOUR, { deviceIp: `10.1.0.${i + 1}` }),
    )
    assert.equal(topDevicesTile(tileInput('last_24_hours', created)).data.length, 12)
  })

  test('markdown in an address is escaped', () => {
    const { data } = topDevicesTile(
      tileInput('last_hour', [detection('r1', 60_000, { deviceIp: 'a|b*' })]),
    )
    assert.match(data[2] ?? '', /^\| \[a\\\|b\\\*\]\(/)
  })

  test('an empty period says so', () => {
    assert.deepEqual(topDevicesTile(tileInput('last_hour', [])).data, [NO_DETECTIONS_LINE])
  })
})
