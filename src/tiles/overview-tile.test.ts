import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DAY, detection, HOUR, tileInput } from '../../test/support/tile-sets.ts'
import { overviewTile } from './overview-tile.ts'

describe('overview tile', () => {
  test('active, high active, devices and new in the period, counted by hand', () => {
    const active = [
      detection('r1', 40 * DAY, { deviceIp: '10.0.0.1' }),
      detection('r1', 2 * HOUR, { deviceIp: '10.0.0.2' }),
      detection('r2', 3 * HOUR, { deviceIp: '10.0.0.1' }),
      detection('r3', 5 * HOUR, { deviceIp: undefined }),
      // Served by a status=active query but resolved since: not active.
      detection('r1', 1 * HOUR, { deviceIp: '10.0.0.9', active: false }),
    ]
    const created = [
      detection('r1', 1 * HOUR),
      detection('r3', 23 * HOUR, { active: false }),
      detection('r2', 25 * HOUR),
    ]
    const { data } = overviewTile(tileInput('last_24_hours', created, active))
    assert.deepEqual(
      data.map((metric) => [metric.icon, metric.label, metric.value, metric.value_unit]),
      [
        ['warning', 'Active detections', 4, 'integer'],
        ['critical-stop', 'High severity active', 2, 'integer'],
        ['device-type', 'Devices with active detections', 2, 'integer'],
        ['information', 'New in period', 2, 'integer'],
      ],
    )
    assert.equal(data[0]?.link_uri, 'https://portal.example/detections?status=active')
    assert.equal(
      data[1]?.link_uri,
      'https://portal.example/detections?status=active&rule_severity=high',
    )
    assert.equal(
      data[3]?.link_uri,
      'https://portal.example/detections?created_start_date=2026-02-28T12%3A34%3A56.000Z&created_end_date=2026-03-01T12%3A34%3A56.000Z',
    )
  })

  test('an empty tenant gives four zeros', () => {
    const { data } = overviewTile(tileInput('last_hour', [], []))
    assert.deepEqual(
      data.map((metric) => metric.value),
      [0, 0, 0, 0],
    )
  })
})
