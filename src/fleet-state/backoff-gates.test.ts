import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createMemoryGate } from './backoff-gates.ts'

describe('createMemoryGate', () => {
  test('blocks a key until the time given, not another key; a shorter wait never shortens it', async () => {
    let now = 1000
    const gate = createMemoryGate(() => now)
    assert.equal(await gate.blockedUntil('key-a'), undefined)
    gate.block('key-a', 5000)
    gate.block('key-a', 3000)
    assert.equal(await gate.blockedUntil('key-a'), 5000)
    assert.equal(await gate.blockedUntil('key-b'), undefined)
    now = 4999
    assert.equal(await gate.blockedUntil('key-a'), 5000)
    now = 5000
    assert.equal(await gate.blockedUntil('key-a'), undefined, 'free once the time has come')
  })

  test('a wait already over blocks nothing', async () => {
    const gate = createMemoryGate(() => 1000)
    gate.block('key-a', 999)
    assert.equal(await gate.blockedUntil('key-a'), undefined)
  })
})
