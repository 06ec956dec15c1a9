import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { fieldOf, isNonEmpty, nonEmptyString } from './fields.ts'

describe('fields', () => {
  test('fieldOf reads own keys of objects only', () => {
    assert.equal(fieldOf({ a: 1 }, 'a'), 1)
    assert.equal(fieldOf({}, 'constructor'), undefined)
    assert.equal(fieldOf({}, 'toString'), undefined)
    assert.equal(fieldOf(JSON.parse('{"__proto__": 5}'), '__proto__'), 5)
    assert.equal(fieldOf(['x'], '0'), undefined)
    assert.equal(fieldOf('abc', 'length'), undefined)
    assert.equal(fieldOf(null, 'a'), undefined)
  })

  test('isNonEmpty: present and not null, "", [] or {}', () => {
    for (const value of [undefined, null, '', [], {}]) assert.equal(isNonEmpty(value), false)
    for (const value of [' ', 0, false, [null], { a: undefined }])
      assert.equal(isNonEmpty(value), true)
  })

  test('nonEmptyString', () => {
    assert.equal(nonEmptyString('a'), 'a')
    for (const value of ['', null, 1, ['a']]) assert.equal(nonEmptyString(value), undefined)
  })
})
