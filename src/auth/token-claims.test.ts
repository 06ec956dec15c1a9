import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { parseAllowTestAccounts, parseEntitiesLimit } from './token-claims.ts'

describe('parseEntitiesLimit', () => {
  const cases: [unknown, number][] = [
    [undefined, 100],
    [null, 100],
    [true, 100],
    [false, 100],
    [50, 50],
    [1, 1],
    [1000, 1000],
    [1001, 1000],
    [1e300, 1000],
    [0, 100],
    [-5, 100],
    [-0.5, 100],
    [0.9, 100],
    [1.9, 1],
    [250.7, 250],
    [Number.NaN, 100],
    [Number.POSITIVE_INFINITY, 100],
    ['50', 50],
    ['  +50 ', 50],
    ['\t7\n', 7],
    ['007', 7],
    ['0', 100],
    ['5000', 1000],
    ['9'.repeat(400), 1000],
    ['-5', 100],
    ['++5', 100],
    ['5.5', 100],
    ['1e3', 100],
    ['0x10', 100],
    ['', 100],
    ['   ', 100],
    ['ten', 100],
    ['1 0', 100],
    ['١٢', 100],
    [[50], 100],
    [{ value: 50 }, 100],
  ]
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input) ?? String(input)} → ${expected}`, () => {
      assert.equal(parseEntitiesLimit(input), expected)
    })
  }

  test('always an integer in 1..1000', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.double(), fc.integer(), fc.string()), (value) => {
        const limit = parseEntitiesLimit(value)
        assert.ok(Number.isInteger(limit) && limit >= 1 && limit <= 1000, String(limit))
      }),
    )
  })

  test('digit strings with padding parse like the integer they spell', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.boolean(), (n, plus) => {
        assert.equal(parseEntitiesLimit(` ${plus ? '+' : ''}${n}  `), n)
      }),
    )
  })
})

describe('parseAllowTestAccounts', () => {
  const cases: [unknown, boolean][] = [
    [true, true],
    [1, true],
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['1', true],
    ['yes', true],
    ['YeS', true],
    [undefined, false],
    [null, false],
    [false, false],
    [0, false],
    [2, false],
    [1.5, false],
    ['false', false],
    ['no', false],
    ['0', false],
    ['', false],
    ['y', false],
    [' yes', false],
    [[true], false],
    [{}, false],
  ]
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input) ?? String(input)} → ${expected}`, () => {
      assert.equal(parseAllowTestAccounts(input), expected)
    })
  }
})
