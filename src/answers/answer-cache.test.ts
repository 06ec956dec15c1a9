import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { manualClock } from '../../test/support/manual-clock.ts'
import { createMemoryCache } from '../cache/index.ts'
import { RelayError } from '../errors/relay-error.ts'
import type { Observable } from '../observables/observable.ts'
import { type AnswerRequest, createAnswerCache } from './answer-cache.ts'
import type { AnswerPart } from './answer-part.ts'
import { type StoredPart, storedPartBytes } from './stored-part.ts'

function setup(ttlMs = 60_000) {
  const clock = manualClock()
  const parts = createMemoryCache<StoredPart>({
    maxEntries: 1000,
    maxBytes: 1_000_000,
    sizeOf: storedPartBytes,
    clock,
  })
  const generations = createMemoryCache<string>({
    maxEntries: 1000,
    maxBytes: 100_000,
    sizeOf: () => 100,
    clock,
  })
  const cache = createAnswerCache({ parts, generations, ttlMs })
  const asked: string[][] = []
  // Answers "<value>@<key>" so a part shows whose lookup made it.
  const lookupFor =
    (apiKey: string, errorsOf: (o: Observable) => RelayError[] = () => []) =>
    async (observables: readonly Observable[]): Promise<AnswerPart<string>[]> => {
      asked.push(observables.map((o) => o.value))
      return observables.map((o) => ({ data: `${o.value}@${apiKey}`, errors: errorsOf(o) }))
    }
  return { clock, cache, asked, lookupFor }
}

const ips = (n: number): Observable[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'ip', value: `10.0.0.${i + 1}` }))

const request = (observables: readonly Observable[], apiKey = 'key-1'): AnswerRequest => ({
  scope: 'observe',
  apiKey,
  allowTestAccounts: false,
  variant: 'limit=100',
  observables,
})

describe('createAnswerCache', () => {
  test('a store that never finishes does not hold the answer back', async () => {
    const { lookupFor } = setup()
    const clock = manualClock()
    const generations = createMemoryCache<string>({
      maxEntries: 10,
      maxBytes: 10_000,
      sizeOf: () => 100,
      clock,
    })
    const reads: string[] = []
    // A hung Redis: reads miss, writes never settle.
    const hung = {
      get: async (key: string) => {
        reads.push(key)
        return undefined
      },
      set: () => new Promise<void>(() => {}),
      delete: async () => {},
    }
    const cache = createAnswerCache({ parts: hung as never, generations, ttlMs: 60_000 })
    const answered = await cache.parts(request(ips(2)), lookupFor('key-1'))
    assert.deepEqual(
      answered.map((p) => p.data),
      ['10.0.0.1@key-1', '10.0.0.2@key-1'],
    )
    assert.equal(reads.length, 2)
  })

  test('a 20-observable request whose 19 are cached looks up 1, answers in request order', async () => {
    const { cache, asked, lookupFor } = setup()
    const all = ips(20)
    await cache.parts(request(all.slice(0, 19)), lookupFor('key-1'))
    asked.length = 0
    const parts = await cache.parts(request(all), lookupFor('key-1'))
    assert.deepEqual(asked, [['10.0.0.20']])
    assert.deepEqual(
      parts.map((p) => p.data),
      all.map((o) => `${o.value}@key-1`),
    )
  })

  test('two keys never share a part; the claims variant and test flag separate too', async () => {
    const { cache, asked, lookupFor } = setup()
    const one = ips(1)
    await cache.parts(request(one, 'key-1'), lookupFor('key-1'))
    const other = await cache.parts(request(one, 'key-2'), lookupFor('key-2'))
    assert.equal(other[0]?.data, '10.0.0.1@key-2')
    await cache.parts({ ...request(one), variant: 'limit=5' }, lookupFor('key-1'))
    await cache.parts({ ...request(one), allowTestAccounts: true }, lookupFor('key-1'))
    await cache.parts({ ...request(one), scope: 'deliberate' }, lookupFor('key-1'))
    assert.equal(asked.length, 5)
  })

  test('concurrent identical lookups make one lookup (single flight), overlapping ones share', async () => {
    const { cache, asked, lookupFor } = setup()
    const all = ips(3)
    const [a, b, c] = await Promise.all([
      cache.parts(request(all.slice(0, 2)), lookupFor('key-1')),
      cache.parts(request(all.slice(0, 2)), lookupFor('key-1')),
      cache.parts(request(all), lookupFor('key-1')),
    ])
    assert.deepEqual(asked, [['10.0.0.1', '10.0.0.2'], ['10.0.0.3']])
    assert.deepEqual(a, b)
    assert.equal(c.length, 3)
  })

  test('failed or partial parts are not cached; a "limit reached" warning is kept with its part', async () => {
    const { cache, asked } = setup()
    const [failed, partial, capped] = ips(3)
    const errorsOf = (o: Observable) => {
      if (o === partial) return [new RelayError('service unavailable', 'DHCP failed')]
      if (o === capped) return [new RelayError('limit reached', 'more events')]
      return []
    }
    const lookup = async (observables: readonly Observable[]) => {
      asked.push(observables.map((o) => o.value))
      return observables.map(
        (o): AnswerPart<string> =>
          o === failed
            ? { errors: [new RelayError('gateway timeout', 'no answer')] }
            : { data: o.value, errors: errorsOf(o) },
      )
    }
    const all = [failed, partial, capped] as Observable[]
    await cache.parts(request(all), lookup)
    const again = await cache.parts(request(all), lookup)
    assert.deepEqual(asked[1], ['10.0.0.1', '10.0.0.2'])
    const kept = again[2]
    assert.equal(kept?.data, '10.0.0.3')
    assert.deepEqual(
      kept?.errors.map((e) => [e.code, e.message, e instanceof RelayError]),
      [['limit reached', 'more events', true]],
    )
  })

  test('parts expire after the TTL', async () => {
    const { clock, cache, asked, lookupFor } = setup(1000)
    await cache.parts(request(ips(1)), lookupFor('key-1'))
    clock.advance(999)
    await cache.parts(request(ips(1)), lookupFor('key-1'))
    assert.equal(asked.length, 1)
    clock.advance(1)
    await cache.parts(request(ips(1)), lookupFor('key-1'))
    assert.equal(asked.length, 2)
  })

  test('invalidate(observable): every key and scope looks it up again; others stay cached', async () => {
    const { cache, asked, lookupFor } = setup()
    const [a, b] = ips(2) as [Observable, Observable]
    await cache.parts(request([a, b], 'key-1'), lookupFor('key-1'))
    await cache.parts({ ...request([a], 'key-2'), scope: 'deliberate' }, lookupFor('key-2'))
    asked.length = 0
    await cache.invalidate({ ...a })
    await cache.parts(request([a, b], 'key-1'), lookupFor('key-1'))
    await cache.parts({ ...request([a], 'key-2'), scope: 'deliberate' }, lookupFor('key-2'))
    assert.deepEqual(asked, [['10.0.0.1'], ['10.0.0.1']])
    asked.length = 0
    await cache.parts(request([a, b], 'key-1'), lookupFor('key-1'))
    assert.deepEqual(asked, [], 'the new parts are cached again')
  })

  test('a lookup running while its observable is invalidated is not served afterwards', async () => {
    const { cache, asked } = setup()
    const [a] = ips(1) as [Observable]
    let release: () => void = () => {}
    const slow = async (observables: readonly Observable[]) => {
      asked.push(observables.map((o) => o.value))
      await new Promise<void>((resolve) => {
        release = resolve
      })
      return observables.map(() => ({ data: 'old', errors: [] }))
    }
    const running = cache.parts(request([a]), slow)
    await new Promise((resolve) => setImmediate(resolve))
    await cache.invalidate(a)
    release()
    assert.equal((await running)[0]?.data, 'old')
    const fresh = await cache.parts(request([a]), async (o) =>
      o.map(() => ({ data: 'new', errors: [] })),
    )
    assert.equal(fresh[0]?.data, 'new')
  })

  test('TTL 0: off, every request looks up', async () => {
    const { cache, asked, lookupFor } = setup(0)
    assert.equal(cache.enabled, false)
    await cache.parts(request(ips(2)), lookupFor('key-1'))
    await cache.parts(request(ips(2)), lookupFor('key-1'))
    assert.equal(asked.length, 2)
  })

  test('a lookup that throws fails every waiter and caches nothing', async () => {
    const { cache, asked, lookupFor } = setup()
    const boom = async () => {
      throw new Error('boom')
    }
    await assert.rejects(cache.parts(request(ips(1)), boom), /boom/)
    await cache.parts(request(ips(1)), lookupFor('key-1'))
    assert.equal(asked.length, 1)
  })

  describe('a shared lookup and the requests waiting for it', () => {
    // A lookup that waits until released and records whether its signal aborted.
    function gatedLookup() {
      let release = () => {}
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const seen: { signal?: AbortSignal; calls: number } = { calls: 0 }
      const lookup = async (observables: readonly Observable[], signal: AbortSignal) => {
        seen.calls += 1
        seen.signal = signal
        await gate
        return observables.map((o) => ({ data: `late ${o.value}`, errors: [] }))
      }
      return { lookup, release: () => release(), seen }
    }
    const settle = () => new Promise((resolve) => setImmediate(resolve))

    test('aborts only when every waiting request has hung up', async () => {
      const { cache } = setup()
      const { lookup, release, seen } = gatedLookup()
      const a = new AbortController()
      const b = new AbortController()
      const first = cache.parts(request(ips(1)), lookup, a.signal)
      await settle()
      const second = cache.parts(request(ips(1)), lookup, b.signal)
      await settle()
      a.abort()
      assert.equal(seen.signal?.aborted, false, 'B still waits')
      b.abort()
      assert.equal(seen.signal?.aborted, true, 'nobody waits any more')
      release()
      await Promise.all([first, second])
      assert.equal(seen.calls, 1)
    })

    test('a request without a signal keeps the lookup going when another hangs up', async () => {
      const { cache } = setup()
      const { lookup, release, seen } = gatedLookup()
      const a = new AbortController()
      const first = cache.parts(request(ips(1)), lookup, a.signal)
      await settle()
      const second = cache.parts(request(ips(1)), lookup)
      await settle()
      a.abort()
      assert.equal(seen.signal?.aborted, false)
      release()
      assert.deepEqual(
        (await second).map((part) => part.data),
        ['late 10.0.0.1'],
      )
      await first
    })

    test('an aborted lookup is neither joined nor cached; the next request looks up afresh', async () => {
      const { cache, asked, lookupFor } = setup()
      const { lookup, release, seen } = gatedLookup()
      const a = new AbortController()
      const first = cache.parts(request(ips(1)), lookup, a.signal)
      await settle()
      a.abort()
      assert.equal(seen.signal?.aborted, true)
      const next = await cache.parts(request(ips(1)), lookupFor('key-1'))
      assert.deepEqual(
        next.map((part) => part.data),
        ['10.0.0.1@key-1'],
      )
      release()
      await first
      // The aborted lookup's late answer was not stored: the fresh one is what is served.
      const again = await cache.parts(request(ips(1)), lookupFor('key-1'))
      assert.deepEqual(
        again.map((part) => part.data),
        ['10.0.0.1@key-1'],
      )
      assert.equal(asked.length, 1)
    })

    test('a part marked not cacheable is looked up again', async () => {
      const { cache } = setup()
      let calls = 0
      const lookup = async (observables: readonly Observable[]) => {
        calls += 1
        return observables.map((o) => ({ data: o.value, errors: [], cacheable: false }))
      }
      await cache.parts(request(ips(1)), lookup)
      await cache.parts(request(ips(1)), lookup)
      assert.equal(calls, 2)
    })
  })
})
