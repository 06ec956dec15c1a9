import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { hostNotAllowedReason } from './auth-reasons.ts'
import { jwksUrlForHost, matchAllowedJwksHost } from './jwks-host.ts'

const allowed = ['visibility.amp.cisco.com', 'Visibility.EU.amp.cisco.com', '127.0.0.1:8443']

describe('matchAllowedJwksHost', () => {
  const accepted: [string, string][] = [
    ['visibility.amp.cisco.com', 'visibility.amp.cisco.com'],
    ['VISIBILITY.AMP.CISCO.COM', 'visibility.amp.cisco.com'],
    ['visibility.eu.amp.cisco.com', 'visibility.eu.amp.cisco.com'],
    ['127.0.0.1:8443', '127.0.0.1:8443'],
  ]
  for (const [value, expected] of accepted) {
    test(`accepts ${value}`, () => {
      assert.equal(matchAllowedJwksHost(value, allowed), expected)
    })
  }

  const refused: unknown[] = [
    'visibility.apjc.amp.cisco.com',
    'evil.example.com',
    '169.254.169.254',
    'https://visibility.amp.cisco.com',
    'visibility.amp.cisco.com/.well-known/jwks',
    'visibility.amp.cisco.com/',
    'user@visibility.amp.cisco.com',
    'visibility.amp.cisco.com?x=1',
    'visibility.amp.cisco.com#x',
    'visibility.amp.cisco.com:443',
    'visibility.amp.cisco.com.',
    ' visibility.amp.cisco.com',
    'visibility.amp.cisco.com\n',
    'visibility.amp.cisco.com.evil.com',
    '127.0.0.1',
    '127.0.0.1:8444',
    '[::1]:8443',
    '',
    42,
    null,
    ['visibility.amp.cisco.com'],
    { host: 'visibility.amp.cisco.com' },
  ]
  for (const value of refused) {
    test(`refuses ${JSON.stringify(value)}`, () => {
      assert.equal(matchAllowedJwksHost(value, allowed), undefined)
    })
  }

  test('builds the well-known URL', () => {
    assert.equal(
      jwksUrlForHost('visibility.amp.cisco.com'),
      'https://visibility.amp.cisco.com/.well-known/jwks',
    )
  })
})

describe('hostNotAllowedReason', () => {
  test('names the host', () => {
    assert.equal(hostNotAllowedReason('evil.com'), 'jwks_host evil.com is not allowed')
  })

  test('echoes at most 100 printable characters', () => {
    const reason = hostNotAllowedReason(`a\u0000\n${'x'.repeat(5000)}`)
    assert.ok(reason.length < 140, `length ${reason.length}`)
    assert.match(reason, /^jwks_host a\?\?x+\.\.\. is not allowed$/)
  })

  test('describes values that are not strings', () => {
    assert.equal(hostNotAllowedReason(42), 'jwks_host 42 is not allowed')
  })
})
