import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { counterContext, makeEvent } from '../../test/support/ctim-builders.ts'
import { CUT_MARK, cutText, fitToCtim, LONG_STRING_MAX, SHORT_STRING_MAX } from './ctim-limits.ts'
import { mapFindings } from './map-findings.ts'

describe('cutText', () => {
  test('keeps what fits, cuts the rest to the limit with a final …', () => {
    assert.equal(cutText('abc', 3), 'abc')
    assert.equal(cutText('abcd', 3), 'ab…')
    const long = 'x'.repeat(5000)
    const cut = cutText(long, 1024)
    assert.equal(cut.length, 1024)
    assert.ok(cut.endsWith(CUT_MARK))
  })

  test('never splits a surrogate pair', () => {
    assert.equal(cutText('a😀😀', 4), 'a😀…')
    assert.equal(cutText('a😀😀', 3), 'a…')
  })

  test('property: within the limit, a prefix of the input, and unchanged when it fits', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.integer({ min: 2, max: 60 }),
        (value, max) => {
          const cut = cutText(value, max)
          assert.ok(cut.length <= max)
          if (value.length <= max) assert.equal(cut, value)
          else {
            assert.ok(cut.endsWith(CUT_MARK))
            assert.ok(value.startsWith(cut.slice(0, -1)))
            assert.ok(cut.length >= max - 2)
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('fitToCtim', () => {
  test('cuts every limited field, the tags, ids and references', () => {
    const huge = 'y'.repeat(6000)
    const fitted = fitToCtim({
      title: huge,
      short_description: huge,
      description: huge,
      tags: [huge, 'ok'],
      id: `transient:${huge}`,
      external_ids: [huge],
      external_references: [{ source_name: huge, url: huge, external_id: huge, description: huge }],
      source_uri: huge,
      other: huge,
    })
    assert.equal(fitted.title.length, 1024)
    assert.equal(fitted.short_description.length, 2048)
    assert.equal(fitted.description.length, LONG_STRING_MAX)
    assert.deepEqual(
      fitted.tags.map((tag) => tag.length),
      [SHORT_STRING_MAX, 2],
    )
    assert.equal(fitted.id.length, 2048)
    assert.equal(fitted.external_ids[0]?.length, 2048)
    const reference = fitted.external_references[0]
    assert.deepEqual(
      [
        reference?.source_name.length,
        reference?.url.length,
        reference?.external_id.length,
        reference?.description.length,
      ],
      [2048, 2048, 2048, 5000],
    )
    assert.equal(fitted.source_uri.length, 2048)
    assert.equal(fitted.other.length, 6000, 'fields CTIM does not limit are left alone')
  })

  test('a 5,000-character rule name becomes a 1,024-character title; refs still point at the indicator', () => {
    const name = 'R'.repeat(5000)
    const uuid = 'u'.repeat(3000)
    const event = makeEvent({ event_type: 'flow' })
    const mapped = mapFindings(
      {
        observable: { type: 'ip', value: '10.0.0.1' },
        dhcp: new Map(),
        events: [
          {
            event,
            attached: {
              detection: { uuid: 'd', rule_uuid: uuid },
              rule: { uuid, name, category: name, description: name.repeat(2) },
              summary: { impactedDevices: 1, indicatorValues: 1 },
            },
          },
        ],
      },
      counterContext(),
    )
    const indicator = mapped.indicators[0]
    assert.equal(indicator?.title?.length, 1024)
    assert.ok(indicator?.title?.endsWith('…'))
    assert.equal(indicator?.tags?.[0]?.length, 1024)
    assert.equal(indicator?.description?.length, 5000)
    assert.equal(mapped.relationships[0]?.target_ref, indicator?.id)
    assert.ok((mapped.sightings[0]?.description.length ?? 0) <= 5000)
  })
})
