import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { iqlString } from '../gti/iql.ts'
import { eventSearchUrl, ruleUrl } from './portal-links.ts'
import { formEncode } from './url-encoding.ts'

const portal = 'https://portal.icebrg.io'

describe('eventSearchUrl', () => {
  test('searches the IQL uuid filter, form-encoded', () => {
    assert.equal(
      eventSearchUrl(portal, 'aadcce2c-7962-425a-816c-5076f86968f4'),
      'https://portal.icebrg.io/search?query=uuid+%3D+%27aadcce2c-7962-425a-816c-5076f86968f4%27',
    )
  })

  test("escapes \\ and ' inside the IQL string", () => {
    assert.equal(
      eventSearchUrl(portal, "a'b\\"),
      `${portal}/search?query=uuid+%3D+%27a%5C%27b%5C%5C%27`,
    )
  })

  test('tolerates a trailing slash on the portal', () => {
    assert.equal(eventSearchUrl(`${portal}/`, 'x'), `${portal}/search?query=uuid+%3D+%27x%27`)
  })
})

describe('ruleUrl', () => {
  test('rule page with the account, or without', () => {
    assert.equal(
      ruleUrl(portal, 'r-1', 'acc-1'),
      `${portal}/detections/rules/r-1?account_uuid=acc-1`,
    )
    assert.equal(ruleUrl(portal, 'r-1'), `${portal}/detections/rules/r-1`)
    assert.equal(ruleUrl(portal, 'r-1', null), `${portal}/detections/rules/r-1`)
    assert.equal(ruleUrl(portal, 'r-1', ''), `${portal}/detections/rules/r-1`)
  })

  test('percent-encodes the path segment and the account', () => {
    assert.equal(
      ruleUrl(portal, 'a b/c?', 'x&y z'),
      `${portal}/detections/rules/a%20b%2Fc%3F?account_uuid=x%26y+z`,
    )
  })
})

describe('eventSearchUrl fast path', () => {
  test('a plain uuid gives the same link as quoting and encoding it', () => {
    for (const uuid of ['5b7d1cc6-21b1-4be2-9c1e-0f6a2b3c4d5e', 'A.b_c~d', '']) {
      assert.equal(
        eventSearchUrl('https://portal/', uuid),
        `https://portal/search?query=${formEncode(`uuid = ${iqlString(uuid)}`)}`,
      )
    }
  })
})
