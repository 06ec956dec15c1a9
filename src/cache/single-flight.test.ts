import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { deferred } from '../../test/support/deferred.ts'
import { createSingleFlight } from './single-flight.ts'

describe('createSingleFlight', () => {
  test('callers of one key share the run in flight; other keys run their own', async () => {
    const flight = createSingleFlight<string>()
    const gate = deferred<string>()
    let runs = 0
    const work = () => {
      runs += 1
      return gate.promise
    }
    const first = flight('a', work)
    const second = flight('a', work)
    const other = flight('b', async () => 'b')
    assert.equal(first, second)
    gate.resolve('a')
    assert.deepEqual(await Promise.all([first, second, other]), ['a', 'a', 'b'])
    assert.equal(runs, 1)
  })

  test('a key is forgotten once its run settles, failed or not', async () => {
    const flight = createSingleFlight<number>()
    await assert.rejects(
      flight('k', async () => {
        throw new Error('boom')
      }),
      /boom/,
    )
    assert.equal(await flight('k', async () => 2), 2)
    assert.equal(await flight('k', async () => 3), 3)
  })

  test('work that throws synchronously rejects the promise and frees the key', async () => {
    const flight = createSingleFlight<number>()
    const throwing = (): Promise<number> => {
      throw new Error('sync')
    }
    await assert.rejects(flight('k', throwing), /sync/)
    assert.equal(await flight('k', async () => 1), 1)
  })
})
