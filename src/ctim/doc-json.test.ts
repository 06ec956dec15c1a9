import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { docJson } from './doc-json.ts'

test('is JSON.stringify of the doc, the first time and every time after', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue({ stringUnit: 'binary' })), (doc) => {
      const expected = JSON.stringify(doc)
      assert.equal(docJson(doc), expected)
      assert.equal(docJson(doc), expected)
    }),
  )
})

test('each doc object has its own text, even when equal docs were serialised before', () => {
  assert.equal(docJson({ id: 'a' }), '{"id":"a"}')
  assert.equal(docJson({ id: 'b' }), '{"id":"b"}')
})
