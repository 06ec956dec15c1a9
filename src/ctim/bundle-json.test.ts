import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { buildBundle } from './bundle.ts'
import { bundleJson, partJson } from './bundle-json.ts'
import type { MappedObservable } from './types.ts'

// The serialiser only moves docs around; their content is opaque to it.
const doc = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.jsonValue() })
const part = fc.record({
  sightings: fc.array(doc, { maxLength: 4 }),
  indicators: fc.array(doc, { maxLength: 4 }),
  relationships: fc.array(doc, { maxLength: 4 }),
}) as unknown as fc.Arbitrary<MappedObservable>

describe('bundleJson', () => {
  test('is JSON.stringify(buildBundle(parts)), indicators deduped by id at their first place', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), (parts) => {
        assert.equal(
          bundleJson(parts.map(partJson)).toString('utf8'),
          JSON.stringify(buildBundle(parts)),
        )
      }),
    )
  })

  test('nothing found is {}', () => {
    assert.equal(bundleJson([]).toString(), '{}')
    assert.equal(
      bundleJson([partJson({ sightings: [], indicators: [], relationships: [] })]).toString(),
      '{}',
    )
  })
})
