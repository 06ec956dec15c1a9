import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { RELAY_ERROR_STATUS, RelayError } from '../errors/relay-error.ts'
import { describeBytes, mapError } from './error-mapper.ts'

describe('mapError', () => {
  test('a relay error answers the status of its code, as a fatal envelope', () => {
    for (const [code, status] of Object.entries(RELAY_ERROR_STATUS)) {
      const error = new RelayError(code as keyof typeof RELAY_ERROR_STATUS, `m ${code}`)
      const answer = mapError(error)
      assert.equal(answer.status, status, code)
      assert.deepEqual(answer.body, { errors: [{ code, message: `m ${code}`, type: 'fatal' }] })
      assert.equal(answer.unexpected, false)
    }
  })

  test('a framework 413 states the limit in bytes and MiB', () => {
    const answer = mapError({ statusCode: 413 }, { maxBodyBytes: 1024 * 1024 })
    assert.equal(answer.status, 413)
    assert.equal(
      answer.body.errors?.[0]?.message,
      "The request body is larger than the relay's limit of 1048576 bytes (1 MiB).",
    )
  })

  test('another framework 4xx is an invalid argument answered 200', () => {
    const answer = mapError({ statusCode: 400 })
    assert.equal(answer.status, 200)
    assert.equal(answer.error.code, 'invalid argument')
  })

  test('anything else is an internal error, 500, flagged for an error log, insides hidden', () => {
    const answer = mapError(new Error('secret detail'))
    assert.equal(answer.status, 500)
    assert.equal(answer.unexpected, true)
    assert.doesNotMatch(JSON.stringify(answer.body), /secret detail/)
  })

  test('describeBytes', () => {
    assert.equal(describeBytes(1_048_576), '1048576 bytes (1 MiB)')
    assert.equal(describeBytes(1_500_000), '1500000 bytes (1.43 MiB)')
    assert.equal(describeBytes(524_288), '524288 bytes (0.5 MiB)')
  })
})
