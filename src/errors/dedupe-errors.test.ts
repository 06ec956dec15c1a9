import assert from 'node:assert/strict'
import { test } from 'node:test'
import { dedupeErrors } from './dedupe-errors.ts'
import { RelayError } from './relay-error.ts'

test('each code and message once, in first-seen order', () => {
  const refused = new RelayError('authorization error', 'Authorization failed: key refused.')
  const late = new RelayError('gateway timeout', 'late')
  const again = new RelayError('authorization error', 'Authorization failed: key refused.')
  const otherCode = new RelayError('connection error', 'late')
  assert.deepEqual(dedupeErrors([refused, late, again, otherCode]), [refused, late, otherCode])
})
