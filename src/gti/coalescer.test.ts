import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { deferred } from '../../test/support/deferred.ts'
import { createCoalescer } from './coalescer.ts'

/** An operation that only ends by being aborted. */
function untilAborted(signal: AbortSignal) {
  const promise = new Promise<string>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason))
  })
  return { state: 0, promise }
}

describe('coalescer', () => {
  test('joins identical keys, keeps the starter state, forgets settled entries', async () => {
    const coalescer = createCoalescer()
    const work = deferred<string>()
    let starts = 0
    const start = () => {
      starts += 1
      return { state: starts, promise: work.promise }
    }
    const a = coalescer.join('k', start)
    const b = coalescer.join('k', start)
    const other = coalescer.join('other', () => ({ state: 0, promise: Promise.resolve('x') }))
    assert.equal(a.shared, false)
    assert.equal(b.shared, true)
    assert.equal(b.state, 1)
    assert.equal(coalescer.size, 2)
    work.resolve('done')
    assert.deepEqual(await Promise.all([a.promise, b.promise, other.promise]), [
      'done',
      'done',
      'x',
    ])
    assert.equal(starts, 1)
    assert.equal(coalescer.size, 0)
  })

  test('shares failures', async () => {
    const coalescer = createCoalescer()
    const work = deferred<string>()
    const a = coalescer.join('k', () => ({ state: 0, promise: work.promise }))
    const b = coalescer.join('k', () => ({ state: 0, promise: work.promise }))
    const boom = new Error('boom')
    work.reject(boom)
    await assert.rejects(a.promise, (error) => error === boom)
    await assert.rejects(b.promise, (error) => error === boom)
    assert.equal(coalescer.size, 0)
  })

  test('a leaving waiter gets its reason; the operation runs on for the others', async () => {
    const coalescer = createCoalescer()
    const work = deferred<string>()
    let shared: AbortSignal | undefined
    const start = (signal: AbortSignal) => {
      shared = signal
      return { state: 0, promise: work.promise }
    }
    const leaver = new AbortController()
    const a = coalescer.join('k', start, leaver.signal)
    const b = coalescer.join('k', start)
    const reason = new Error('left')
    leaver.abort(reason)
    await assert.rejects(a.promise, (error) => error === reason)
    assert.equal(shared?.aborted, false)
    work.resolve('done')
    assert.equal(await b.promise, 'done')
  })

  test('when every waiter leaves, the operation is aborted and forgotten', async () => {
    const coalescer = createCoalescer()
    let shared: AbortSignal | undefined
    const start = (signal: AbortSignal) => {
      shared = signal
      return untilAborted(signal)
    }
    const one = new AbortController()
    const two = new AbortController()
    const a = coalescer.join('k', start, one.signal)
    const b = coalescer.join('k', start, two.signal)
    one.abort(new Error('one'))
    two.abort(new Error('two'))
    await assert.rejects(a.promise, /one/)
    await assert.rejects(b.promise, /two/)
    assert.equal(shared?.aborted, true)
    assert.equal(coalescer.size, 0)
    const fresh = coalescer.join('k', () => ({ state: 1, promise: Promise.resolve('new') }))
    assert.equal(fresh.shared, false)
    assert.equal(await fresh.promise, 'new')
  })

  test('leave() works as a waiter signal does', async () => {
    const coalescer = createCoalescer()
    let shared: AbortSignal | undefined
    const start = (signal: AbortSignal) => {
      shared = signal
      return untilAborted(signal)
    }
    const a = coalescer.join('k', start)
    const b = coalescer.join('k', start)
    a.leave(new Error('a'))
    await assert.rejects(a.promise, /a/)
    assert.equal(shared?.aborted, false)
    b.leave(new Error('b'))
    b.leave(new Error('twice'))
    await assert.rejects(b.promise, /b/)
    assert.equal(shared?.aborted, true)
    assert.equal(coalescer.size, 0)
  })
})
