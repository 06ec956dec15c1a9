import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { AuthorizationError, RelayError } from '../errors/relay-error.ts'
import { envelope, errorEnvelope } from './envelope.ts'

const timeout = new RelayError('gateway timeout', 'slow')
const skipped = new RelayError('invalid argument', 'Skipped ip "x": not an address.')
const capped = new RelayError('limit reached', 'more events than the limit')
const refused = new AuthorizationError('Authentication is invalid.')

describe('envelope: fatal or warning is decided from the answer', () => {
  test('no errors: data alone, even when empty', () => {
    assert.deepEqual(envelope({}), { data: {} })
  })

  test('beside data every failure is a warning, except a refused key', () => {
    const body = envelope({ sightings: { count: 1 } }, [timeout, refused])
    assert.deepEqual(body.data, { sightings: { count: 1 } })
    assert.deepEqual(
      body.errors?.map((e) => [e.code, e.type]),
      [
        ['gateway timeout', 'warning'],
        ['authorization error', 'fatal'],
      ],
    )
  })

  test('without data a failure is fatal and the empty data is dropped', () => {
    const body = envelope({}, [timeout])
    assert.equal('data' in body, false)
    assert.deepEqual(body.errors, [{ code: 'gateway timeout', message: 'slow', type: 'fatal' }])
  })

  test('notes about the request stay warnings without data', () => {
    const body = envelope({}, [skipped, capped])
    assert.deepEqual(
      body.errors?.map((e) => e.type),
      ['warning', 'warning'],
    )
  })

  test('a thrown error alone is fatal, whatever its code', () => {
    assert.deepEqual(errorEnvelope(skipped), {
      errors: [{ code: 'invalid argument', message: skipped.message, type: 'fatal' }],
    })
  })

  test('a failed status report makes every error fatal, data or not', () => {
    const body = envelope({ status: 'failure' }, [timeout, skipped], { failed: true })
    assert.deepEqual(body.data, { status: 'failure' })
    assert.deepEqual(
      body.errors?.map((error) => error.type),
      ['fatal', 'fatal'],
    )
  })

  test('the same error object answers differently in different answers (it is not rewritten)', () => {
    assert.equal(envelope({ a: 1 }, [timeout]).errors?.[0]?.type, 'warning')
    assert.equal(envelope(undefined, [timeout]).errors?.[0]?.type, 'fatal')
    assert.equal(Object.hasOwn(timeout, 'type'), false)
  })
})
