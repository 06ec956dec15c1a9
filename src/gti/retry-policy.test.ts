import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GtiError } from './gti-error.ts'
import { backoffDelayMs, DEFAULT_RETRY, isRetryable, parseRetryAfterMs } from './retry-policy.ts'

const target = { method: 'GET', url: 'https://detections.example/v1/detections' }

function failure(details: Partial<ConstructorParameters<typeof GtiError>[1]>): GtiError {
  return new GtiError('failed', { kind: 'server', attempts: 1, ...target, ...details })
}

describe('retry policy', () => {
  test('retries 429, 502, 503, 504 only among statuses', () => {
    for (const status of [429, 502, 503, 504]) assert.ok(isRetryable(failure({ status })))
    for (const status of [400, 401, 403, 404, 500, 501]) {
      assert.equal(isRetryable(failure({ status })), false, `status ${status}`)
    }
  })

  test('retries resets, not refusals, timeouts or TLS failures', () => {
    const coded = (code: string) => Object.assign(new Error(code), { code })
    assert.ok(isRetryable(failure({ kind: 'network', cause: coded('ECONNRESET') })))
    assert.ok(isRetryable(failure({ kind: 'network', cause: coded('UND_ERR_SOCKET') })))
    assert.ok(
      isRetryable(failure({ kind: 'network', cause: new AggregateError([coded('ECONNRESET')]) })),
    )
    assert.equal(isRetryable(failure({ kind: 'network', cause: coded('ECONNREFUSED') })), false)
    assert.equal(isRetryable(failure({ kind: 'timeout', cause: coded('ECONNRESET') })), false)
    assert.equal(isRetryable(failure({ kind: 'tls', cause: coded('CERT_HAS_EXPIRED') })), false)
  })

  test('backoff doubles, is capped and jittered within [half, full]', () => {
    const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 300 }
    assert.equal(
      backoffDelayMs(1, options, () => 0),
      50,
    )
    assert.equal(
      backoffDelayMs(1, options, () => 0.999999),
      100,
    )
    assert.equal(
      backoffDelayMs(2, options, () => 0),
      100,
    )
    assert.equal(
      backoffDelayMs(3, options, () => 0),
      150,
    )
    assert.equal(
      backoffDelayMs(9, options, () => 1),
      300,
    )
  })

  test('Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z')
    assert.equal(parseRetryAfterMs('3', now), 3000)
    assert.equal(parseRetryAfterMs(' 0 ', now), 0)
    assert.equal(parseRetryAfterMs('Mon, 01 Jan 2024 00:00:05 GMT', now), 5000)
    assert.equal(parseRetryAfterMs('Sun, 31 Dec 2023 23:00:00 GMT', now), 0)
    assert.equal(parseRetryAfterMs(['2', '9'], now), 2000)
    assert.equal(parseRetryAfterMs('soon', now), undefined)
    assert.equal(parseRetryAfterMs('-1', now), undefined)
    assert.equal(parseRetryAfterMs(undefined, now), undefined)
  })
})
