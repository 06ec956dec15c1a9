import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import type { MappedObservable } from '../ctim/index.ts'
import { createAnswerBudget } from './answer-budget.ts'

/** One observable's entities: a sighting per id, each linked to the indicator `rule`. */
function part(ids: string[], rule: string): MappedObservable {
  return {
    sightings: ids.map((id) => ({ id }) as never),
    indicators: [{ id: rule } as never],
    relationships: ids.map((id) => ({ source_ref: id, target_ref: rule }) as never),
  }
}

test('every part keeps the indicators its sightings point to, even when another part has them', () => {
  const budget = createAnswerBudget(1_000_000)
  const first = budget.fit(part(['s-1'], 'i-shared'))
  const second = budget.fit(part(['s-2'], 'i-shared'))
  // A cached part is answered without the others: it must be whole on its own.
  assert.deepEqual(
    first.part.indicators.map((indicator) => indicator.id),
    ['i-shared'],
  )
  assert.deepEqual(
    second.part.indicators.map((indicator) => indicator.id),
    ['i-shared'],
  )
})

test('what does not fit is dropped and counted, and the answer closes', () => {
  const budget = createAnswerBudget(120)
  const fitted = budget.fit(part(['s-1', 's-2', 's-3', 's-4'], 'i-1'))
  assert.ok(fitted.dropped > 0)
  assert.equal(fitted.part.sightings.length + fitted.dropped, 4)
  assert.equal(budget.fit(part(['s-5'], 'i-2')).part.sightings.length, 0)
})

test('a sighting costs the UTF-8 JSON of [sighting, relationship, indicator] and a comma', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (id, rule) => {
      const sample = part([id], rule)
      const cost =
        Buffer.byteLength(
          JSON.stringify([sample.sightings[0], sample.relationships[0], sample.indicators[0]]),
        ) + 1
      assert.equal(createAnswerBudget(cost).fit(part([id], rule)).part.sightings.length, 1)
      assert.equal(createAnswerBudget(cost - 1).fit(part([id], rule)).dropped, 1)
    }),
  )
})

test('a sighting without a relationship is charged null for the missing docs', () => {
  const lone: MappedObservable = {
    sightings: [{ id: 's-1' } as never],
    indicators: [],
    relationships: [],
  }
  const cost = Buffer.byteLength(JSON.stringify([{ id: 's-1' }, null, null])) + 1
  assert.equal(createAnswerBudget(cost).fit(lone).part.sightings.length, 1)
  assert.equal(createAnswerBudget(cost - 1).fit(lone).dropped, 1)
})
