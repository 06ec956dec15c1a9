import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { canonicalIpv6, iqlField, lookupValue, valueMatcher } from './observable-value.ts'
import { invalidValueReason } from './parse-observables.ts'

describe('observable values (v2 rule 6)', () => {
  test('IPv6 is canonical lower case; email is compared in any case; others exactly', () => {
    assert.equal(canonicalIpv6('2001:DB8:0:0:0:0:0:1'), '2001:db8::1')
    assert.equal(canonicalIpv6('10.0.0.1'), undefined)
    assert.equal(lookupValue({ type: 'ipv6', value: '2001:0DB8::0001' }), '2001:db8::1')
    assert.equal(
      lookupValue({ type: 'email', value: 'Billing@SecureCorp.club' }),
      'billing@securecorp.club',
    )
    assert.equal(
      lookupValue({ type: 'ip', value: '2001:DB8::1' }),
      '2001:DB8::1',
      'an ip stays as given',
    )
    assert.equal(iqlField('ipv6'), 'ip')
    assert.equal(iqlField('user_agent'), 'user_agent')
    const v6 = valueMatcher({ type: 'ipv6', value: '2001:db8::1' })
    assert.ok(v6('2001:0db8:0000::1'))
    assert.equal(v6('2001:db8::2'), false)
    assert.ok(valueMatcher({ type: 'email', value: 'a@b.io' })('A@B.IO'))
    assert.equal(valueMatcher({ type: 'user_agent', value: 'UA' })('ua'), false)
  })

  test('validation of the new types', () => {
    assert.equal(invalidValueReason('ipv6', '2001:db8::1'), undefined)
    assert.match(invalidValueReason('ipv6', '10.0.0.1') ?? '', /not an IPv6/)
    assert.equal(invalidValueReason('user_agent', `Tool/1.0 (it's "odd")`), undefined)
    assert.match(invalidValueReason('user_agent', 'x'.repeat(2049)) ?? '', /longer than 2048/)
    assert.match(invalidValueReason('user_agent', 'a\nb') ?? '', /control/)
    assert.equal(invalidValueReason('email', 'billing@securecorp.club'), undefined)
    for (const bad of [
      'no-at',
      '@x.io',
      'a@',
      "o'brien@x.io",
      'a b@x.io',
      'a@b@c',
      'a@bad domain',
    ]) {
      assert.ok(invalidValueReason('email', bad), bad)
    }
  })

  test('property: every IPv6 address matches its own canonical form, in any spelling', () => {
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        const canonical = canonicalIpv6(address)
        assert.ok(canonical !== undefined)
        assert.equal(canonical, canonical.toLowerCase())
        assert.equal(canonicalIpv6(canonical), canonical, 'idempotent')
        assert.ok(valueMatcher({ type: 'ipv6', value: address.toUpperCase() })(address))
      }),
      { numRuns: 300 },
    )
  })

  test('property: an accepted email matches itself in any case', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        if (invalidValueReason('email', email) !== undefined) return
        assert.ok(valueMatcher({ type: 'email', value: email.toUpperCase() })(email))
      }),
      { numRuns: 300 },
    )
  })
})
