import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { counterContext } from '../../test/support/ctim-builders.ts'
import { type DhcpRecord, DhcpRecordSchema, GtiEventSchema, RuleSchema } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { buildBundle } from './bundle.ts'
import type { KeptEvent, ObservableFindings } from './findings.ts'
import { mapFindings } from './map-findings.ts'

// The original relay's test data, kept verbatim in test/fixtures/seed/.
const fixtures = new URL('../../test/fixtures/seed/', import.meta.url)
const read = (name: string): any => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'))

/** The workflow fixture as the observe workflow would hand it over. */
function findingsFromFixture(): ObservableFindings {
  const observable: Observable = read('observable.json')
  const dhcp = new Map<string, DhcpRecord[]>()
  const seen = new Set<string>()
  const stripSide = (side: any) => {
    if (side == null) return side
    const { dhcp: records = [], ...rest } = side
    for (const record of records) {
      const key = JSON.stringify(record)
      if (seen.has(key)) continue
      seen.add(key)
      dhcp.set(record.ip, [...(dhcp.get(record.ip) ?? []), DhcpRecordSchema.parse(record)])
    }
    return rest
  }

  const events: KeptEvent[] = read('workflow--events_for_observable.json').map((item: any) => {
    const { detection, observable: _observable, src, dst, ...rest } = item
    const event = GtiEventSchema.parse({ ...rest, src: stripSide(src), dst: stripSide(dst) })
    if (detection === undefined) return { event }
    const { rule, summary, ...fields } = detection
    return {
      event,
      attached: {
        detection: { ...fields, rule_uuid: rule.uuid },
        rule: RuleSchema.parse(rule),
        summary: {
          impactedDevices: summary.impacted_devices,
          indicatorValues: summary.indicator_values,
        },
      },
    }
  })
  return { observable, events, dhcp }
}

/**
 * The fields observe.md lets differ: random transient ids (renamed in order of
 * first appearance), schema_version and the free-text descriptions, each checked
 * to be there before it is dropped.
 */
function normalise(docs: any[]): any[] {
  const names = new Map<string, string>()
  const rename = (id: string) => {
    const match = /^transient:(sighting|relationship)-[0-9a-f-]{36}$/.exec(id)
    if (match === null) return id
    if (!names.has(id)) names.set(id, `transient:${match[1]}-#${names.size}`)
    return names.get(id)
  }
  return docs.map((doc) => {
    const copy = structuredClone(doc)
    assert.equal(typeof copy.schema_version, 'string')
    copy.schema_version = 'normalised'
    for (const key of ['id', 'source_ref', 'target_ref'])
      if (key in copy) copy[key] = rename(copy[key])
    if (copy.type === 'sighting') {
      assert.ok(copy.description, 'a sighting has a description')
      delete copy.description
    }
    for (const reference of copy.external_references ?? []) {
      assert.ok(reference.description, 'an external reference has a description')
      delete reference.description
    }
    return copy
  })
}

describe('golden: the seed fixtures', () => {
  const data = buildBundle([
    mapFindings(findingsFromFixture(), counterContext('https://portal.icebrg.io')),
  ])
  const all = [
    ...(data.sightings?.docs ?? []),
    ...(data.indicators?.docs ?? []),
    ...(data.relationships?.docs ?? []),
  ]

  test('every entity declares CTIM 1.3.28', () => {
    assert.equal(all.length, 7)
    for (const doc of all) assert.equal(doc.schema_version, '1.3.28')
  })

  test('sightings.json', () => {
    const expected = read('sightings.json')
    assert.equal(data.sightings?.count, expected.count)
    assert.deepEqual(normalise(data.sightings?.docs ?? []), normalise(expected.docs))
  })

  test('indicators.json', () => {
    const expected = read('indicators.json')
    assert.equal(data.indicators?.count, expected.count)
    assert.deepEqual(normalise(data.indicators?.docs ?? []), normalise(expected.docs))
  })

  test('relationships.json, pointing at the matching sightings', () => {
    const expected = read('relationships.json')
    assert.equal(data.relationships?.count, expected.count)
    const ours = normalise([...(data.sightings?.docs ?? []), ...(data.relationships?.docs ?? [])])
    const seed = normalise([...read('sightings.json').docs, ...expected.docs])
    assert.deepEqual(ours.slice(-expected.count), seed.slice(-expected.count))
  })
})
