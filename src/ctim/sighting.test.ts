import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  counterContext,
  makeAttached,
  makeEvent,
  makeRule,
  PORTAL,
} from '../../test/support/ctim-builders.ts'
import type { Observable } from '../observables/observable.ts'
import type { KeptEvent } from './findings.ts'
import { mapSighting } from './sighting.ts'

const observable: Observable = { type: 'ip', value: '10.0.0.1' }
const uuid = 'e0000000-0000-4000-8000-000000000001'
const searchUrl = `${PORTAL}/search?query=uuid+%3D+%27${uuid}%27`
const sighting = (kept: KeptEvent, obs: Observable = observable) =>
  mapSighting(kept, obs, new Map(), counterContext())

describe('mapSighting', () => {
  test('an unattached event: fixed fields, one external reference, no severity, no table', () => {
    const s = sighting({ event: makeEvent({ event_type: 'pe', sensor_id: 'snsr' }) })
    const { description, external_references, ...rest } = s
    assert.deepEqual(rest, {
      type: 'sighting',
      id: 'transient:sighting-00000000-0000-4000-8000-000000000001',
      schema_version: '1.3.28',
      source: 'Gigamon ThreatINSIGHT',
      confidence: 'High',
      count: 1,
      internal: true,
      observed_time: {
        start_time: '2024-01-02T03:04:05.678Z',
        end_time: '2024-01-02T03:04:05.678Z',
      },
      observables: [{ type: 'ip', value: '10.0.0.1' }],
      sensor: 'snsr',
      external_ids: [uuid],
      source_uri: searchUrl,
    })
    assert.equal(external_references.length, 1)
    const [reference] = external_references
    assert.equal(reference?.source_name, 'Gigamon ThreatINSIGHT')
    assert.equal(reference?.external_id, uuid)
    assert.equal(reference?.url, searchUrl)
    assert.ok(reference?.description)
    assert.match(description, /\*\*pe\*\*/)
  })

  test('an attached event: rule id, rule reference with account, severity, summary columns', () => {
    const rule = makeRule({ uuid: 'rule-1', severity: 'HIGH', name: 'Bad_Thing' })
    const s = sighting({
      event: makeEvent({ event_type: 'x509' }),
      attached: makeAttached(rule, 'acc-1'),
    })
    const ruleUrl = `${PORTAL}/detections/rules/rule-1?account_uuid=acc-1`
    assert.deepEqual(s.external_ids, [uuid, 'rule-1'])
    assert.deepEqual(
      s.external_references.map(({ external_id, url }) => [external_id, url]),
      [
        [uuid, searchUrl],
        ['rule-1', ruleUrl],
      ],
    )
    assert.ok(s.external_references[1]?.description)
    assert.equal(s.source_uri, ruleUrl)
    assert.equal(s.severity, 'High')
    assert.deepEqual(s.data?.rows, [[' ', 2, 5]])
    assert.match(s.description, /\*\*x509\*\*/)
    assert.match(s.description, /\*\*Bad\\_Thing\*\*/)
  })

  test('an attached event with an unknown severity and no account', () => {
    const s = sighting({
      event: makeEvent(),
      attached: makeAttached(makeRule({ uuid: 'rule-1', severity: 'bogus', name: null }), null),
    })
    assert.equal('severity' in s, false)
    assert.equal(s.source_uri, `${PORTAL}/detections/rules/rule-1`)
    assert.match(s.description, /rule-1/)
  })

  test('null sources are omitted: sensor, relations, targets, data', () => {
    const s = sighting({
      event: makeEvent({ sensor_id: null, event_type: null, src: null, dst: null }),
    })
    for (const key of ['sensor', 'severity', 'data', 'relations', 'targets'])
      assert.equal(key in s, false, key)
  })

  test('relations and targets are filled from the event', () => {
    const s = sighting({
      event: makeEvent({
        src: { ip: '10.0.0.1', internal: true },
        dst: { ip: '8.8.8.8', internal: false },
      }),
    })
    assert.deepEqual(
      s.relations?.map((r) => r.relation),
      ['Connected_To'],
    )
    assert.deepEqual(s.targets, [
      {
        type: 'endpoint',
        observed_time: s.observed_time,
        observables: [{ type: 'ip', value: '10.0.0.1' }],
      },
    ])
  })

  test('the observable is copied without extra keys', () => {
    const extra = { type: 'domain', value: 'a.io', note: 'x' } as Observable
    assert.deepEqual(sighting({ event: makeEvent() }, extra).observables, [
      { type: 'domain', value: 'a.io' },
    ])
  })

  test('markdown in names is escaped and line breaks flattened', () => {
    const s = sighting({
      event: makeEvent({ event_type: '*x*' }),
      attached: makeAttached(makeRule({ name: '[link](http://e)\n# h' })),
    })
    assert.match(s.description, /\\\*x\\\*/)
    assert.match(s.description, /\\\[link\\\]\(http:\/\/e\) # h/)
  })
})
