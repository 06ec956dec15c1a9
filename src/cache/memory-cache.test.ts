import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { manualClock } from '../../test/support/manual-clock.ts'
import { cacheKey, hashApiKey } from './cache-key.ts'
import { createMemoryCache } from './memory-cache.ts'

const small = (clock = manualClock()) =>
  createMemoryCache<string>({ maxEntries: 3, maxBytes: 100, sizeOf: (v) => v.length, clock })

describe('createMemoryCache', () => {
  test('get/set with a TTL read from the injected clock', async () => {
    const clock = manualClock()
    const cache = small(clock)
    await cache.set('a', 'one', 1000)
    assert.equal(await cache.get('a'), 'one')
    clock.advance(999)
    assert.equal(await cache.get('a'), 'one')
    clock.advance(1)
    assert.equal(await cache.get('a'), undefined)
    await cache.set('b', 'two', 0)
    assert.equal(await cache.get('b'), undefined, 'a zero TTL stores nothing')
  })

  test('a loaded value expires TTL after its load started, not after it finished', async () => {
    const clock = manualClock()
    const cache = small(clock)
    const value = await cache.getOrLoad('a', 1000, async () => {
      clock.advance(400)
      return 'one'
    })
    assert.equal(value, 'one')
    clock.advance(599)
    assert.equal(await cache.get('a'), 'one')
    clock.advance(1)
    assert.equal(await cache.get('a'), undefined, 'expired at load start + TTL')
    const slow = await cache.getOrLoad('b', 1000, async () => {
      clock.advance(1000)
      return 'two'
    })
    assert.equal(slow, 'two')
    assert.equal(await cache.get('b'), undefined, 'a load longer than its TTL is not kept')
  })

  test('bounded by entries: the least recently used goes first', async () => {
    const cache = small()
    await cache.set('a', 'a', 1000)
    await cache.set('b', 'b', 1000)
    await cache.set('c', 'c', 1000)
    await cache.get('a')
    await cache.set('d', 'd', 1000)
    assert.equal(await cache.get('b'), undefined)
    assert.equal(await cache.get('a'), 'a')
    assert.equal(await cache.get('d'), 'd')
  })

  test('bounded by bytes: big values push others out, a too-big value is not kept', async () => {
    const cache = small()
    await cache.set('a', 'x'.repeat(60), 1000)
    await cache.set('b', 'y'.repeat(60), 1000)
    assert.equal(await cache.get('a'), undefined)
    assert.equal((await cache.get('b'))?.length, 60)
    await cache.set('c', 'z'.repeat(101), 1000)
    assert.equal(await cache.get('c'), undefined)
  })

  test('getOrLoad: concurrent identical loads share one promise, then the value is cached', async () => {
    const clock = manualClock()
    const cache = small(clock)
    let loads = 0
    let release: (value: string) => void = () => {}
    const load = () => {
      loads += 1
      return new Promise<string>((resolve) => {
        release = resolve
      })
    }
    const first = cache.getOrLoad('k', 1000, load)
    const second = cache.getOrLoad('k', 1000, load)
    await Promise.resolve()
    release('v')
    assert.deepEqual(await Promise.all([first, second]), ['v', 'v'])
    assert.equal(loads, 1)
    assert.equal(await cache.getOrLoad('k', 1000, load), 'v')
    assert.equal(loads, 1)
    clock.advance(1000)
    const third = cache.getOrLoad('k', 1000, load)
    await Promise.resolve()
    release('w')
    assert.equal(await third, 'w')
    assert.equal(loads, 2, 'an expired value is loaded again')
  })

  test('getOrLoad: a failed load is shared by its waiters and not cached', async () => {
    const cache = small()
    let loads = 0
    const failing = async () => {
      loads += 1
      throw new Error('upstream down')
    }
    const results = await Promise.allSettled([
      cache.getOrLoad('k', 1000, failing),
      cache.getOrLoad('k', 1000, failing),
    ])
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    )
    assert.equal(loads, 1)
    assert.equal(await cache.getOrLoad('k', 1000, async () => 'ok'), 'ok')
    const throwsNow = () => {
      throw new Error('sync')
    }
    await assert.rejects(cache.getOrLoad('x', 1000, throwsNow), /sync/)
    assert.equal(await cache.getOrLoad('x', 1000, async () => 'later'), 'later')
  })
})

describe('cacheKey', () => {
  test('holds the hash of the API key, never the key', () => {
    const apiKey = 'secret-api-key-123'
    const key = cacheKey({ scope: 's', apiKey, allowTestAccounts: false, query: 'q' })
    assert.ok(!key.includes(apiKey))
    assert.ok(key.includes(hashApiKey(apiKey)))
    assert.equal(hashApiKey(apiKey).length, 43)
  })

  test('differs by key, test flag and query', () => {
    const base = { scope: 's', apiKey: 'k1', allowTestAccounts: false, query: 'q' }
    const keys = new Set([
      cacheKey(base),
      cacheKey({ ...base, apiKey: 'k2' }),
      cacheKey({ ...base, allowTestAccounts: true }),
      cacheKey({ ...base, query: 'q2' }),
      cacheKey({ ...base, scope: 't' }),
    ])
    assert.equal(keys.size, 5)
  })
})
