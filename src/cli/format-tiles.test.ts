import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { formatTileData, formatTileList } from './format-tiles.ts'

const times = {
  observed_time: { start_time: '2026-03-01T11:00:00.000Z', end_time: '2026-03-01T12:00:00.000Z' },
  period: 'last_hour',
}

describe('tile summaries', () => {
  test('the list: one aligned line per tile', () => {
    const lines = formatTileList({
      data: [
        {
          id: 'a',
          type: 'markdown',
          title: 'A',
          periods: ['last_hour'],
          default_period: 'last_hour',
        },
        { id: 'bb', type: 'donut_graph', title: 'B' },
      ],
    })
    assert.deepEqual(lines.slice(0, 3), [
      'Tiles (2)',
      '  a   markdown     A',
      '  bb  donut_graph  B',
    ])
  })

  test('a metric group, a donut and a markdown table', () => {
    const metrics = formatTileData(
      { data: { ...times, data: [{ label: 'Active detections', value: 3 }] } },
      { id: 'x', title: 'Overview', type: 'metric_group' },
    )
    assert.deepEqual(metrics, [
      'Overview  last_hour, 2026-03-01T11:00:00.000Z → 2026-03-01T12:00:00.000Z',
      '  Active detections  3',
    ])
    const donut = formatTileData(
      {
        data: {
          ...times,
          labels: [['High'], ['C2', 'Exfil']],
          data: [
            {
              key: 0,
              value: 3,
              segments: [
                { key: 1, value: 2 },
                { key: 0, value: 1 },
              ],
            },
          ],
        },
      },
      { id: 'x', type: 'donut_graph' },
    )
    assert.deepEqual(donut.slice(1), [
      '  Severity  Category  Detections',
      '  High      (all)     3',
      '            Exfil     2',
      '            C2        1',
    ])
    const markdown = formatTileData(
      {
        data: {
          ...times,
          data: ['| Device | Detections |', '| --- | ---: |', '| [10.0.0.1](https://p/x) | 4 |'],
        },
      },
      { id: 'x', type: 'markdown' },
    )
    assert.deepEqual(markdown.slice(1), ['  Device    Detections', '  10.0.0.1  4'])
  })

  test('errors follow the table; no data gives only the errors', () => {
    const lines = formatTileData(
      { errors: [{ code: 'invalid argument', message: 'bad period', type: 'fatal' }] },
      { id: 'x', type: 'markdown' },
    )
    assert.deepEqual(lines, ['Errors', '  fatal  invalid argument  bad period'])
  })
})
