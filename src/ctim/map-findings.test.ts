import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  counterContext,
  makeAttached,
  makeEvent,
  makeRule,
} from '../../test/support/ctim-builders.ts'
import type { ObservableFindings } from './findings.ts'
import { mapFindings } from './map-findings.ts'

const ruleA = makeRule({ uuid: 'rule-a' })
const ruleB = makeRule({ uuid: 'rule-b' })
const event = (n: number) => makeEvent({ uuid: `event-${n}` })

const findings = (attachments: (typeof ruleA | undefined)[]): ObservableFindings => ({
  observable: { type: 'ip', value: '10.0.0.1' },
  events: attachments.map((rule, n) =>
    rule === undefined ? { event: event(n) } : { event: event(n), attached: makeAttached(rule) },
  ),
  dhcp: new Map(),
})

describe('mapFindings', () => {
  test('sightings in event order; an indicator per rule, placed at its first sighting', () => {
    const mapped = mapFindings(
      findings([undefined, ruleB, ruleA, ruleB, undefined, ruleA]),
      counterContext(),
    )
    assert.deepEqual(
      mapped.sightings.map((s) => s.external_ids[0]),
      ['event-0', 'event-1', 'event-2', 'event-3', 'event-4', 'event-5'],
    )
    assert.deepEqual(
      mapped.indicators.map((i) => i.id),
      ['transient:indicator-rule-b', 'transient:indicator-rule-a'],
    )
  })

  test('one relationship per attached sighting, following it', () => {
    const mapped = mapFindings(findings([undefined, ruleB, ruleA, ruleB]), counterContext())
    const sightingIds = mapped.sightings.map((s) => s.id)
    assert.deepEqual(
      mapped.relationships.map((r) => [r.source_ref, r.target_ref]),
      [
        [sightingIds[1], 'transient:indicator-rule-b'],
        [sightingIds[2], 'transient:indicator-rule-a'],
        [sightingIds[3], 'transient:indicator-rule-b'],
      ],
    )
    for (const r of mapped.relationships) {
      assert.match(r.id, /^transient:relationship-[0-9a-f-]{36}$/)
      assert.equal(r.relationship_type, 'sighting-of')
      assert.equal(r.type, 'relationship')
      assert.equal(r.schema_version, '1.3.28')
    }
    assert.equal(new Set([...sightingIds, ...mapped.relationships.map((r) => r.id)]).size, 7)
  })

  test('no events, nothing', () => {
    assert.deepEqual(mapFindings(findings([]), counterContext()), {
      sightings: [],
      indicators: [],
      relationships: [],
    })
  })
})
