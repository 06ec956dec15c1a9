import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  counterContext,
  makeAttached,
  makeEvent,
  makeRule,
} from '../../test/support/ctim-builders.ts'
import { buildBundle } from './bundle.ts'
import type { KeptEvent, ObservableFindings } from './findings.ts'
import { mapFindings } from './map-findings.ts'

const ruleA = makeRule({ uuid: 'rule-a' })
const ruleB = makeRule({ uuid: 'rule-b' })

const findings = (value: string, events: KeptEvent[]): ObservableFindings => ({
  observable: { type: 'domain', value },
  events,
  dhcp: new Map(),
})

describe('buildBundle', () => {
  test('nothing found gives {}', () => {
    assert.deepEqual(buildBundle([]), {})
    assert.deepEqual(buildBundle([{ sightings: [], indicators: [], relationships: [] }]), {})
  })

  test('only sightings: only the sightings key', () => {
    const ctx = counterContext()
    const data = buildBundle([mapFindings(findings('a.io', [{ event: makeEvent() }]), ctx)])
    assert.deepEqual(Object.keys(data), ['sightings'])
    assert.equal(data.sightings?.count, 1)
  })

  test('request order kept; each indicator once, at its first position; counts match docs', () => {
    const ctx = counterContext()
    const first = mapFindings(
      findings('a.io', [
        { event: makeEvent({ uuid: 'a1' }), attached: makeAttached(ruleB) },
        { event: makeEvent({ uuid: 'a2' }) },
      ]),
      ctx,
    )
    const second = mapFindings(
      findings('b.io', [
        { event: makeEvent({ uuid: 'b1' }), attached: makeAttached(ruleA) },
        { event: makeEvent({ uuid: 'b2' }), attached: makeAttached(ruleB) },
      ]),
      ctx,
    )
    const data = buildBundle([first, second])
    assert.deepEqual(Object.keys(data), ['sightings', 'indicators', 'relationships'])
    assert.deepEqual(
      data.sightings?.docs.map((s) => s.external_ids[0]),
      ['a1', 'a2', 'b1', 'b2'],
    )
    assert.deepEqual(
      data.indicators?.docs.map((i) => i.id),
      ['transient:indicator-rule-b', 'transient:indicator-rule-a'],
    )
    assert.equal(data.relationships?.docs.length, 3)
    assert.deepEqual(
      data.relationships?.docs.map((r) => r.source_ref),
      [first.sightings[0]?.id, second.sightings[0]?.id, second.sightings[1]?.id],
    )
    for (const key of ['sightings', 'indicators', 'relationships'] as const) {
      assert.equal(data[key]?.count, data[key]?.docs.length, key)
    }
    assert.equal(data.sightings?.count, 4)
    assert.equal(data.indicators?.count, 2)
  })

  test('a repeated indicator keeps its first doc', () => {
    const ctx = counterContext()
    const part = (title: string) =>
      mapFindings(
        findings('a.io', [
          { event: makeEvent(), attached: makeAttached(makeRule({ uuid: 'rule-a', name: title })) },
        ]),
        ctx,
      )
    const data = buildBundle([part('first'), part('second')])
    assert.deepEqual(
      data.indicators?.docs.map((i) => i.title),
      ['first'],
    )
  })
})
