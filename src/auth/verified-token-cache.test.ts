import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createVerifiedTokenCache } from './verified-token-cache.ts'

const claims = { apiKey: 'k', entitiesLimit: 100, allowTestAccounts: false }

describe('createVerifiedTokenCache', () => {
  test('remembers a token per audience until exp or the maximum age, whichever is first', () => {
    let now = 1_000_000
    const cache = createVerifiedTokenCache({ clock: { now: () => now }, maxAgeMs: 60_000 })
    cache.set('t1', 'https://a', claims, (now + 30_000) / 1000)
    cache.set('t2', 'https://a', claims, undefined)
    assert.deepEqual(cache.get('t1', 'https://a'), claims)
    assert.equal(cache.get('t1', 'https://b'), undefined, 'another audience is another entry')
    now += 30_000
    assert.equal(cache.get('t1', 'https://a'), undefined, 'not past exp')
    assert.deepEqual(cache.get('t2', 'https://a'), claims)
    now += 30_000
    assert.equal(cache.get('t2', 'https://a'), undefined, 'not past the maximum age')
  })

  test('does not keep an already expired token and stays bounded', () => {
    const now = 1_000_000
    const cache = createVerifiedTokenCache({ clock: { now: () => now }, maxEntries: 2 })
    cache.set('old', 'a', claims, now / 1000 - 1)
    assert.equal(cache.get('old', 'a'), undefined)
    cache.set('x', 'a', claims, undefined)
    cache.set('y', 'a', claims, undefined)
    cache.set('z', 'a', claims, undefined)
    assert.equal(cache.get('x', 'a'), undefined)
    assert.deepEqual(cache.get('z', 'a'), claims)
  })
})
