import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { browserSkipReason } from './chromium.ts'

describe('browserSkipReason', () => {
  test('runs whenever chromium is there', () => {
    assert.equal(browserSkipReason({}, true), undefined)
    assert.equal(browserSkipReason({ CI: 'true' }, true), undefined)
  })

  test('skips with a reason only when chromium is missing and CI is not set', () => {
    assert.match(browserSkipReason({}, false) ?? '', /\/usr\/bin\/chromium is absent/)
    assert.match(browserSkipReason({ CI: 'false' }, false) ?? '', /ensure-chromium\.sh/)
  })

  test('on CI a missing chromium does not skip (the tests then fail)', () => {
    assert.equal(browserSkipReason({ CI: 'true' }, false), undefined)
    assert.equal(browserSkipReason({ CI: '1' }, false), undefined)
  })
})
