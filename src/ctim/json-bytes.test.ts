import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { jsonBytesWithin } from './json-bytes.ts'

const json = fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: 'binary' }))

test('equals the UTF-8 length of JSON.stringify when within the limit', () => {
  fc.assert(
    fc.property(json, (value) => {
      const exact = Buffer.byteLength(JSON.stringify(value))
      assert.equal(jsonBytesWithin(value, exact), exact)
      assert.equal(jsonBytesWithin(value, Number.POSITIVE_INFINITY), exact)
    }),
  )
})

test('answers above the limit exactly when the JSON is larger', () => {
  fc.assert(
    fc.property(json, fc.nat(400), (value, limit) => {
      const exact = Buffer.byteLength(JSON.stringify(value))
      assert.equal(jsonBytesWithin(value, limit) > limit, exact > limit)
    }),
  )
})

test('stops early on a value far larger than the limit', () => {
  const huge = 'x'.repeat(10_000_000)
  const many = Array.from({ length: 1000 }, () => ({ text: huge }))
  assert.ok(jsonBytesWithin(many, 1000) > 1000)
  assert.equal(jsonBytesWithin({ a: undefined, b: [undefined] }, 100), 12)
})

test('strings JSON escapes are counted as written: quotes, controls, lone surrogates', () => {
  for (const value of [
    'a"b',
    'a\\b',
    'tab\there',
    '\u0001',
    'lone \ud800 half',
    '\udfff',
    '😀 pair',
    'é',
  ]) {
    const exact = Buffer.byteLength(JSON.stringify(value))
    assert.equal(jsonBytesWithin(value, Number.POSITIVE_INFINITY), exact, JSON.stringify(value))
    assert.equal(jsonBytesWithin({ [value]: value }, Number.POSITIVE_INFINITY), exact * 2 + 3)
  }
})
