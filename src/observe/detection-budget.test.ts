import assert from 'node:assert/strict'
import { test } from 'node:test'
import { pickDetections } from './detection-budget.ts'

const at = (id: string, last_seen?: string) => ({ id, detection: { last_seen } })

test('the newest last_seen within the cap, unreadable times last, in upstream order', () => {
  const kept = [
    at('old', '2024-01-01T00:00:00Z'),
    at('none'),
    at('new', '2024-03-01T00:00:00Z'),
    at('mid', '2024-02-01T00:00:00Z'),
  ]
  const budget = { left: 100 }
  const { chosen, skipped } = pickDetections(kept, 3, budget)
  assert.deepEqual(
    chosen.map((entry) => entry.id),
    ['old', 'new', 'mid'],
  )
  assert.equal(skipped, 1)
  assert.equal(budget.left, 97)
})

test('the request budget is shared and never goes below zero', () => {
  const budget = { left: 2 }
  const kept = [at('a', '2024-01-01T00:00:00Z'), at('b', '2024-01-02T00:00:00Z'), at('c')]
  assert.equal(pickDetections(kept, 10, budget).chosen.length, 2)
  assert.equal(pickDetections(kept, 10, budget).chosen.length, 0)
  assert.equal(budget.left, 0)
})
