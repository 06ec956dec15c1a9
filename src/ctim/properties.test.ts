import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import {
  attachedDetectionArbitrary,
  gtiEventArbitrary,
  observableArbitrary,
  observableFindingsArbitrary,
} from '../../test/support/arbitraries.ts'
import { counterContext } from '../../test/support/ctim-builders.ts'
import { DetectionSchema, GtiEventSchema, RuleSchema } from '../gti/schemas.ts'
import { generateDataset } from '../simulator/index.ts'
import { buildBundle } from './bundle.ts'
import { mapFindings } from './map-findings.ts'
import { mapSighting } from './sighting.ts'
import type { CtimObservable, ObserveData, Sighting } from './types.ts'

const CONFIDENCE = ['Info', 'Low', 'Medium', 'High', 'None', 'Unknown']
const SEVERITY = [...CONFIDENCE, 'Critical']
const runs = { numRuns: 300 }

const bundleOf = (findings: Parameters<typeof mapFindings>[0][]): ObserveData => {
  const ctx = counterContext()
  return buildBundle(findings.map((one) => mapFindings(one, ctx)))
}

const assertObservable = (observable: CtimObservable) => {
  assert.equal(typeof observable.type, 'string')
  assert.notEqual(observable.type, '')
  assert.equal(typeof observable.value, 'string')
  assert.notEqual(observable.value, '')
}

const assertSighting = (sighting: Sighting) => {
  assert.match(sighting.id, /^transient:sighting-/)
  assert.equal(sighting.type, 'sighting')
  assert.equal(sighting.schema_version, '1.3.28')
  assert.equal(typeof sighting.observed_time.start_time, 'string')
  assert.ok(CONFIDENCE.includes(sighting.confidence))
  assert.ok(Number.isInteger(sighting.count) && sighting.count >= 0)
  if (sighting.severity !== undefined) assert.ok(SEVERITY.includes(sighting.severity))
  for (const relation of sighting.relations ?? []) {
    assertObservable(relation.source)
    assertObservable(relation.related)
  }
  for (const target of sighting.targets ?? []) target.observables.forEach(assertObservable)
  if (sighting.data !== undefined) {
    assert.ok(sighting.data.columns.length > 0)
    for (const row of sighting.data.rows) assert.equal(row.length, sighting.data.columns.length)
  }
  for (const value of Object.values(sighting)) assert.notEqual(value, null)
  assert.equal(sighting.source_uri, sighting.external_references.at(-1)?.url)
}

describe('properties', () => {
  test('the event arbitrary yields schema-valid events', () => {
    fc.assert(
      fc.property(gtiEventArbitrary, (event) => {
        assert.ok(GtiEventSchema.safeParse(event).success)
      }),
      runs,
    )
  })

  test('mapSighting never throws and always gives a valid sighting', () => {
    fc.assert(
      fc.property(
        gtiEventArbitrary,
        fc.option(attachedDetectionArbitrary, { nil: undefined }),
        observableArbitrary,
        (event, attached, observable) => {
          const kept = attached === undefined ? { event } : { event, attached }
          assertSighting(mapSighting(kept, observable, new Map(), counterContext()))
        },
      ),
      { numRuns: 1000 },
    )
  })

  test('a bundle of several observables holds together', () => {
    fc.assert(
      fc.property(fc.array(observableFindingsArbitrary, { maxLength: 4 }), (findings) => {
        const data = bundleOf(findings)
        for (const [key, list] of Object.entries(data)) {
          assert.ok(list.docs.length > 0, `${key} is left out when empty`)
          assert.equal(list.count, list.docs.length)
        }

        const sightings = data.sightings?.docs ?? []
        const indicators = data.indicators?.docs ?? []
        const relationships = data.relationships?.docs ?? []
        sightings.forEach(assertSighting)
        assert.equal(
          sightings.length,
          findings.reduce((sum, one) => sum + one.events.length, 0),
        )

        const indicatorIds = indicators.map((indicator) => indicator.id)
        assert.equal(new Set(indicatorIds).size, indicatorIds.length, 'indicator ids are unique')
        for (const indicator of indicators) {
          // observe.md maps a `critical` rule confidence to `Critical` (see mapConfidence).
          assert.ok(SEVERITY.includes(indicator.confidence))
          assert.ok(SEVERITY.includes(indicator.severity))
          assert.equal(indicator.schema_version, '1.3.28')
        }

        const sightingIds = new Set(sightings.map((sighting) => sighting.id))
        assert.equal(sightingIds.size, sightings.length, 'sighting ids are unique')
        for (const relationship of relationships) {
          assert.ok(
            sightingIds.has(relationship.source_ref),
            'source_ref is a sighting of the bundle',
          )
          assert.ok(
            indicatorIds.includes(relationship.target_ref),
            'target_ref is an indicator of the bundle',
          )
        }

        const attachedRules = new Set(
          findings.flatMap((one) =>
            one.events.flatMap((kept) => (kept.attached ? [kept.attached.rule.uuid] : [])),
          ),
        )
        assert.equal(indicators.length, attachedRules.size, 'one indicator per attached rule')
        assert.equal(
          relationships.length,
          findings.reduce((sum, one) => sum + one.events.filter((kept) => kept.attached).length, 0),
          'one relationship per attached sighting',
        )
      }),
      runs,
    )
  })

  // JSON has one zero: -0 from upstream comes back as 0, which is no defect of the answer. Every
  // other value (a Map, undefined, a class instance) is left as it is, so it still fails the check.
  const zeroSigned = (value: unknown): unknown => {
    if (Object.is(value, -0)) return 0
    if (Array.isArray(value)) return value.map(zeroSigned)
    if (
      value !== null &&
      typeof value === 'object' &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, zeroSigned(v)]))
    }
    return value
  }

  test('the answer is plain JSON: it survives a JSON round trip', () => {
    fc.assert(
      fc.property(observableFindingsArbitrary, (findings) => {
        const data = bundleOf([findings])
        assert.deepEqual(JSON.parse(JSON.stringify(data)), zeroSigned(data))
      }),
      runs,
    )
  })

  test('every event the simulator generates maps to a complete sighting, attached or not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const dataset = generateDataset({ seed, size: { events: 60, detections: 8 }, now: 0 })
        const rules = new Map(dataset.rules.map((rule) => [rule.uuid, rule]))
        const events = new Map(dataset.events.map((event) => [event.uuid, event]))
        const ctx = counterContext()
        const observable = { type: 'ip' as const, value: '10.1.70.2' }
        for (const event of dataset.events) {
          assertSighting(
            mapSighting({ event: GtiEventSchema.parse(event) }, observable, new Map(), ctx),
          )
        }
        for (const detection of dataset.detections) {
          const rule = rules.get(detection.rule_uuid)
          assert.ok(rule)
          const attached = {
            detection: DetectionSchema.parse(detection),
            rule: RuleSchema.parse(rule),
            summary: { impactedDevices: 1, indicatorValues: 1 },
          }
          for (const uuid of dataset.detectionEvents[detection.uuid] ?? []) {
            const event = GtiEventSchema.parse(events.get(uuid))
            assertSighting(mapSighting({ event, attached }, observable, new Map(), ctx))
          }
        }
      }),
      { numRuns: 20 },
    )
  })
})
