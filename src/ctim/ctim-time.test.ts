import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { isCtimTime, parseIsoInstant } from './ctim-time.ts'

describe('isCtimTime', () => {
  test('accepts ISO-8601 date-times within 1970..2525', () => {
    for (const value of [
      '2020-05-04T21:39:41.696Z',
      '2022-08-24T21:20:19.801089Z',
      '1970-01-01T00:00:00Z',
      '2525-01-01T00:00:00.000Z',
      '2024-02-29T12:00:00+02:00',
      '2024-01-02T03:04',
    ]) {
      assert.ok(isCtimTime(value), value)
    }
  })

  test('refuses other text, impossible dates and the outside of the range', () => {
    for (const value of [
      '',
      'yesterday',
      '1600000000',
      '2021-02-30T00:00:00Z',
      '2021-13-01T00:00:00Z',
      '2021-01-01T24:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '2525-01-01T00:00:00.001Z',
      '9999-12-31T23:59:59Z',
      '2021-01-01 00:00:00Z',
      '2021-01-01T00:00:00Z junk',
      null,
      1_600_000_000_000,
    ]) {
      assert.equal(isCtimTime(value), false, String(value))
    }
  })

  test('property: agrees with Date on every instant toISOString writes', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date(Date.UTC(2525, 0, 1)), noInvalidDate: true }),
        (date) => {
          const text = date.toISOString()
          assert.equal(parseIsoInstant(text), date.getTime())
          assert.ok(isCtimTime(text))
        },
      ),
      { numRuns: 500 },
    )
  })

  test('property: arbitrary text is accepted only when Date reads it as the same instant', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        if (isCtimTime(text)) assert.ok(Number.isFinite(parseIsoInstant(text)))
      }),
    )
  })
})
