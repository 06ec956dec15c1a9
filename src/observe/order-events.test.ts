import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { KeptEvent } from '../ctim/findings.ts'
import type { GtiEvent } from '../gti/schemas.ts'
import { orderAndLimit } from './order-events.ts'

const kept = (uuid: string, timestamp: string): KeptEvent => ({
  event: { uuid, timestamp } as GtiEvent,
})
const order = (events: KeptEvent[], limit = 100) =>
  orderAndLimit(events, limit).events.map((k) => k.event.uuid)

describe('orderAndLimit', () => {
  test('compares instants below the millisecond (microsecond timestamps)', () => {
    assert.deepEqual(
      order([
        kept('a', '2020-05-04T10:00:00.123100Z'),
        kept('b', '2020-05-04T10:00:00.123900Z'),
        kept('c', '2020-05-04T10:00:00.123Z'),
        kept('d', '2020-05-04T10:00:00.1235Z'),
      ]),
      ['b', 'd', 'a', 'c'],
    )
  })

  test('equal instants keep their order, whatever their spelling', () => {
    assert.deepEqual(
      order([
        kept('a', '2020-05-04T10:00:00.000000Z'),
        kept('b', '2020-05-04T12:00:00+02:00'),
        kept('c', '2020-05-04T10:00:00.000Z'),
      ]),
      ['a', 'b', 'c'],
    )
  })

  test('a time without an offset is UTC, not local time', () => {
    const zone = process.env.TZ
    // Node applies a TZ change at once: read as Tokyo time, b would be older than a.
    process.env.TZ = 'Asia/Tokyo'
    try {
      assert.deepEqual(
        order([kept('a', '2020-05-04T10:00:00.000+01:00'), kept('b', '2020-05-04T09:30:00.000')]),
        ['b', 'a'],
      )
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  test('unparseable times go last; the cut comes after the sort', () => {
    const result = orderAndLimit(
      [
        kept('x', 'not a time'),
        kept('a', '2020-05-04T10:00:00Z'),
        kept('b', '2020-05-05T10:00:00Z'),
      ],
      2,
    )
    assert.deepEqual(
      result.events.map((k) => k.event.uuid),
      ['b', 'a'],
    )
    assert.equal(result.hidden, 1)
  })
})
