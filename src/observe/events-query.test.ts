import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { invalidValueReason } from '../observables/parse-observables.ts'
import { parseIql } from '../simulator/index.ts'
import { eventsQuery, iqlFilter } from './events-query.ts'

describe('the events query of the v2 types', () => {
  test('ipv6 is searched as ip in canonical form; test accounts left out when not allowed', () => {
    assert.equal(iqlFilter({ type: 'ipv6', value: '2001:DB8::0001' }), "ip = '2001:db8::1'")
    assert.equal(
      eventsQuery({ type: 'user_agent', value: `it's` }, false),
      "user_agent = 'it\\'s' AND customer_id NOT IN ('dmo', 'chg')",
    )
    assert.equal(eventsQuery({ type: 'email', value: 'A@B.io' }, true), "email = 'a@b.io'")
  })

  test('property: any accepted user agent round-trips through an independent IQL parser', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.stringMatching(/^['\\" a();]*$/)),
        (value) => {
          if (value.trim() === '' || invalidValueReason('user_agent', value) !== undefined) return
          const node = parseIql(eventsQuery({ type: 'user_agent', value }, false))
          assert.equal(node.kind, 'and')
          const left = (node as { left: { kind: string; value: unknown } }).left
          assert.equal(left.kind, 'compare')
          assert.equal(left.value, value)
        },
      ),
      { numRuns: 300 },
    )
  })
})
