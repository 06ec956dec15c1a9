import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { keysUnavailableReason, wrongAudienceReason } from './auth-reasons.ts'

const origin = { audience: 'https://relay.example', derivation: 'from X', fromSetting: false }

describe('keysUnavailableReason', () => {
  test('names the URL and the cause, never userinfo or query', () => {
    assert.equal(
      keysUnavailableReason('https://visibility.amp.cisco.com/.well-known/jwks', 'ENOTFOUND'),
      'could not fetch keys from https://visibility.amp.cisco.com/.well-known/jwks: ENOTFOUND',
    )
    assert.equal(
      keysUnavailableReason('https://user:pw@keys.example/jwks?token=abc', 'HTTP 503'),
      'could not fetch keys from https://keys.example/jwks: HTTP 503',
    )
  })
})

describe('wrongAudienceReason', () => {
  test('any token audience is shown as at most 200 printable ASCII characters', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 2000 }), fc.array(fc.string())), (aud) => {
        const reason = wrongAudienceReason(origin, aud)
        assert.match(reason, /^[\x20-\x7e]+$/)
        const shown = reason.slice(
          reason.indexOf('the token is for ') + 17,
          reason.lastIndexOf(';'),
        )
        assert.ok(shown.length <= 200 + 3 + 2 * 200 + 2, `${shown.length} characters`)
      }),
    )
  })
})
