import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { keptEventArbitrary, observableArbitrary } from '../../test/support/arbitraries.ts'
import { counterContext } from '../../test/support/ctim-builders.ts'
import { mapFindings } from '../ctim/index.ts'
import { mapJudgements } from '../deliberate/map-judgements.ts'
import { fitAnswer, observeAnswerJson, toPartJson } from './observe-answer-json.ts'
import { assembleObserve, type ObservePart } from './observe-request.ts'

const NOW = Date.parse('2026-12-01T00:00:00Z')

/** Parts as observe makes them: entities from kept events, judgements from the same rules. */
const partArbitrary: fc.Arbitrary<ObservePart> = fc
  .record({
    observable: observableArbitrary,
    events: fc.array(keptEventArbitrary, { maxLength: 4 }),
    failed: fc.boolean(),
  })
  .map(({ observable, events, failed }) => {
    if (failed) return { errors: [] }
    const data = mapFindings({ observable, events, dhcp: new Map() }, counterContext())
    const detections = events.flatMap((kept) =>
      kept.attached === undefined
        ? []
        : [
            {
              rule: kept.attached.rule,
              detection: {
                ...kept.attached.detection,
                last_seen: '2026-11-30T00:00:00Z',
                first_seen: '2026-11-29T00:00:00Z',
              },
            },
          ],
    )
    const judgements = mapJudgements(observable, detections as never, {
      portalUrl: 'https://portal.example',
      validDays: 30,
      nowMs: NOW,
    })
    return { data, judgements, errors: [] }
  })

describe('the observe answer as bytes', () => {
  test('is exactly the JSON of the answer assembled from the same parts', () => {
    fc.assert(
      fc.property(fc.array(partArbitrary, { maxLength: 4 }), (parts) => {
        const bytes = observeAnswerJson(parts.flatMap((part) => toPartJson(part) ?? []))
        assert.equal(bytes.toString('utf8'), JSON.stringify(assembleObserve(parts).data))
      }),
      { numRuns: 60 },
    )
  })

  test('a one-part answer asked again is the same bytes; other parts get their own', () => {
    fc.assert(
      fc.property(partArbitrary, partArbitrary, (first, second) => {
        const a = toPartJson(first)
        const b = toPartJson(second)
        if (a === undefined || b === undefined) return
        const once = observeAnswerJson([a])
        const again = observeAnswerJson([a])
        assert.equal(again, once, 'the same part answers the bytes made the first time')
        assert.equal(once.toString('utf8'), JSON.stringify(assembleObserve([first]).data))
        // A part with other content, asked after, answers its own JSON, not the first's.
        assert.equal(
          observeAnswerJson([b]).toString('utf8'),
          JSON.stringify(assembleObserve([second]).data),
        )
        // Several parts are assembled each time, and still start from the right bytes.
        assert.equal(
          observeAnswerJson([a, b]).toString('utf8'),
          JSON.stringify(assembleObserve([first, second]).data),
        )
      }),
      { numRuns: 40 },
    )
  })

  test('fitAnswer keeps parts in order while they fit and names the one left out', () => {
    const observables = [
      { type: 'ip' as const, value: '10.0.0.1' },
      { type: 'ip' as const, value: '10.0.0.2' },
    ]
    const part = {
      mapped: {
        sightings: 'x'.repeat(600),
        sightingCount: 1,
        indicators: [],
        relationships: '',
        relationshipCount: 0,
      },
    }
    // 2000 bytes leave 1500 for docs (a quarter is kept for the envelope): one part fits.
    const { kept, warnings } = fitAnswer(observables, [part, { ...part }], 2000)
    assert.equal(kept.length, 2, 'two 600-byte parts fit in 1500')
    const tight = fitAnswer(observables, [part, { ...part }], 1000)
    assert.equal(tight.kept.length, 1)
    assert.equal(tight.warnings.length, 1)
    assert.equal(tight.warnings[0]?.code, 'limit reached')
    assert.match(tight.warnings[0]?.message ?? '', /10\.0\.0\.2/)
    assert.equal(warnings.length, 0)
  })
})
