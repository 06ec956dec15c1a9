import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  errorForStatus,
  errorForTransport,
  redactSecret,
  upstreamErrorMessage,
} from './classify-failure.ts'

const target = { method: 'POST', url: 'https://events.example/v2/query' }
const coded = (code: string) => Object.assign(new Error(`failed ${code}`), { code })

describe('failure classification', () => {
  test('transport codes become network, tls or timeout errors in plain words', () => {
    const cases = [
      ['ECONNREFUSED', 'network', /connection refused \(ECONNREFUSED\)/],
      ['ENOTFOUND', 'network', /host name not found \(ENOTFOUND\)/],
      ['EWHATEVER', 'network', /the connection failed \(EWHATEVER\)/],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls', /^TLS certificate verification failed for POST/],
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', /TLS certificate verification failed/],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls', /TLS certificate verification failed/],
      ['ERR_SSL_WRONG_VERSION_NUMBER', 'network', /TLS handshake failed/],
      ['UND_ERR_HEADERS_TIMEOUT', 'timeout', /did not answer POST .* within 500 ms/],
      ['UND_ERR_CONNECT_TIMEOUT', 'timeout', /within 500 ms/],
    ] as const
    for (const [code, kind, message] of cases) {
      const error = errorForTransport(target, coded(code), 1, 500)
      assert.equal(error.kind, kind, code)
      assert.match(error.message, message)
      assert.ok(error.message.includes('POST https://events.example/v2/query'), code)
    }
    assert.equal(errorForTransport(target, new Error('?'), 1, 'deadline').kind, 'network')
  })

  test('statuses outside 4xx/5xx are unusable answers', () => {
    assert.equal(errorForStatus(target, 302, undefined, 1, 'k').kind, 'malformed')
  })

  test('upstream text is redacted, squashed and bounded', () => {
    assert.equal(redactSecret('a\nKEY\tb KEY', 'KEY'), 'a [redacted] b [redacted]')
    assert.equal(redactSecret('x'.repeat(400), 'KEY').length, 301)
    assert.equal(upstreamErrorMessage(Buffer.from('{"error":{"message":"  "}}'), 'k'), undefined)
    assert.equal(upstreamErrorMessage(Buffer.from('{"error":"flat"}'), 'k'), undefined)
    assert.equal(upstreamErrorMessage(Buffer.from('null'), 'k'), undefined)
    assert.equal(upstreamErrorMessage(Buffer.from('{"error":{"message":"no"}}'), 'k'), 'no')
  })
})
