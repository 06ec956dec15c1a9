import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { counterContext } from '../../test/support/ctim-builders.ts'
import type { Observable } from '../observables/observable.ts'
import { fitToCtim } from './ctim-limits.ts'
import { isCtimTime, parseIsoInstant } from './ctim-time.ts'
import { entityObservedTime } from './entity-time.ts'
import { fileDataTable, mapFileSighting } from './file-sighting.ts'
import { mapPdnsSighting } from './pdns-sighting.ts'
import type { Sighting } from './types.ts'

const domain: Observable = { type: 'domain', value: 'securecorp.club' }
const ipv6: Observable = { type: 'ipv6', value: '2001:db8::bad' }
const sha256: Observable = { type: 'sha256', value: 'a'.repeat(64) }

const record = (fields: Record<string, unknown> = {}) => ({
  account_uuid: 'acct',
  customer_id: 'acme',
  sensor_id: 'acme1',
  first_seen: '2024-01-01T00:00:00.000Z',
  last_seen: '2024-01-03T00:00:00.000Z',
  record_type: 'A',
  resolved: '45.77.51.101',
  source: 'icebrg_dns',
  ...fields,
})

describe('entityObservedTime', () => {
  test('first..last, one standing in for the other, swapped when backwards, none when bad', () => {
    const a = '2024-01-01T00:00:00Z'
    const b = '2024-01-02T00:00:00Z'
    assert.deepEqual(entityObservedTime(a, b), { start_time: a, end_time: b })
    assert.deepEqual(entityObservedTime(b, a), { start_time: a, end_time: b })
    assert.deepEqual(entityObservedTime(null, b), { start_time: b, end_time: b })
    assert.equal(entityObservedTime(undefined, null), undefined)
    assert.equal(entityObservedTime(a, 'soon'), undefined)
    assert.equal(entityObservedTime('3000-01-01T00:00:00Z', a), undefined)
  })
})

describe('mapPdnsSighting (v2 rule 7)', () => {
  test('a domain resolved to an address: relation, times, sensor, portal search', () => {
    const sighting = mapPdnsSighting(record(), domain, counterContext())
    assert.ok(sighting)
    assert.deepEqual(sighting.observed_time, {
      start_time: '2024-01-01T00:00:00.000Z',
      end_time: '2024-01-03T00:00:00.000Z',
    })
    assert.equal(sighting.sensor, 'acme1')
    assert.deepEqual(sighting.observables, [domain])
    assert.deepEqual(sighting.relations, [
      {
        origin: 'Gigamon ThreatINSIGHT',
        source: { type: 'domain', value: 'securecorp.club' },
        relation: 'Resolved_To',
        related: { type: 'ip', value: '45.77.51.101' },
      },
    ])
    assert.equal(
      sighting.source_uri,
      'https://portal.icebrg.io/search?query=domain+%3D+%27securecorp.club%27',
    )
    assert.match(
      sighting.description,
      /securecorp\.club\*\* resolve to \*\*45\.77\.51\.101\*\* \(A record\)/,
    )
  })

  test('by address: AAAA from the name that led there; CNAME and MX have no relation there', () => {
    const aaaa = mapPdnsSighting(
      record({ record_type: 'aaaa', resolved: 'v6.securecorp.club' }),
      ipv6,
      counterContext(),
    )
    assert.deepEqual(aaaa?.relations?.[0]?.source, { type: 'domain', value: 'v6.securecorp.club' })
    assert.deepEqual(aaaa?.relations?.[0]?.related, { type: 'ipv6', value: '2001:db8::bad' })
    assert.equal(
      mapPdnsSighting(record({ record_type: 'CNAME' }), ipv6, counterContext())?.relations,
      undefined,
    )
    const cname = mapPdnsSighting(
      record({ record_type: 'CNAME', resolved: 'x.io' }),
      domain,
      counterContext(),
    )
    assert.deepEqual(cname?.relations?.[0]?.related, { type: 'domain', value: 'x.io' })
    assert.equal(
      mapPdnsSighting(record({ record_type: 'MX' }), domain, counterContext())?.relations,
      undefined,
    )
    assert.equal(
      mapPdnsSighting(record({ sensor_id: null }), domain, counterContext())?.sensor,
      undefined,
    )
  })

  test('no sighting without a CTIM time', () => {
    assert.equal(mapPdnsSighting(record({ first_seen: 'x' }), domain, counterContext()), undefined)
    assert.equal(
      mapPdnsSighting(record({ first_seen: null, last_seen: null }), domain, counterContext()),
      undefined,
    )
  })
})

describe('mapFileSighting (v2 rule 7)', () => {
  const file = {
    entity: 'a'.repeat(64),
    first_seen: '2024-01-01T00:00:00.000Z',
    last_seen: '2024-01-02T00:00:00.000Z',
    customer_id: 'acme',
    bytes: 1234,
    names: ['invoice.exe', 'x.exe'],
    mime_type: ['application/x-dosexec'],
    md5: 'b'.repeat(32),
    sha1: null,
    sha256: 'a'.repeat(64),
    prevalence_count_internal: 3,
    pe: { pe_compile_timestamp: '2019-01-01T00:00:00Z', pe_subsystem: 'WINDOWS_GUI' },
  }

  test('count, relations to the other known hashes, and the table', () => {
    const sighting = mapFileSighting(file, sha256, counterContext())
    assert.ok(sighting)
    assert.equal(sighting.count, 3)
    assert.deepEqual(sighting.relations, [
      {
        origin: 'Gigamon ThreatINSIGHT',
        source: sha256,
        relation: 'Related_To',
        related: { type: 'md5', value: 'b'.repeat(32) },
      },
    ])
    assert.deepEqual(sighting.data, {
      columns: [
        { name: 'File Names', type: 'string' },
        { name: 'Size (bytes)', type: 'integer' },
        { name: 'MIME Types', type: 'string' },
        { name: 'Internal Prevalence', type: 'integer' },
        { name: 'PE Compile Time', type: 'string' },
        { name: 'PE Subsystem', type: 'string' },
      ],
      rows: [
        [
          'invoice.exe, x.exe',
          1234,
          'application/x-dosexec',
          3,
          '2019-01-01T00:00:00Z',
          'WINDOWS_GUI',
        ],
      ],
    })
    assert.equal(
      sighting.source_uri,
      `https://portal.icebrg.io/search?query=sha256+%3D+%27${'a'.repeat(64)}%27`,
    )
  })

  test('count at least 1; an empty file or bad times give nothing; a bare file has no table', () => {
    assert.equal(
      mapFileSighting({ ...file, prevalence_count_internal: 0 }, sha256, counterContext())?.count,
      1,
    )
    assert.equal(mapFileSighting({}, sha256, counterContext()), undefined)
    assert.equal(mapFileSighting({ ...file, last_seen: 'x' }, sha256, counterContext()), undefined)
    assert.equal(fileDataTable({ first_seen: file.first_seen }), undefined)
  })
})

const odd = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ maxLength: 12 }),
  fc.string({ minLength: 2000, maxLength: 6000 }),
  fc.integer(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
)
const time = fc.oneof(
  odd,
  fc
    .date({ min: new Date(0), max: new Date(Date.UTC(2524, 0, 1)), noInvalidDate: true })
    .map((d) => d.toISOString()),
)

function assertCtimSighting(sighting: Sighting, observable: Observable) {
  assert.ok(isCtimTime(sighting.observed_time.start_time))
  assert.ok(isCtimTime(sighting.observed_time.end_time))
  assert.ok(
    (parseIsoInstant(sighting.observed_time.start_time) ?? 0) <=
      (parseIsoInstant(sighting.observed_time.end_time) ?? 0),
  )
  assert.ok(Number.isInteger(sighting.count) && sighting.count >= 1)
  assert.deepEqual(sighting.observables, [observable])
  for (const relation of sighting.relations ?? []) {
    assert.ok(relation.source.value !== '' && relation.related.value !== '')
  }
  for (const column of sighting.data?.columns ?? [])
    assert.ok(['string', 'integer'].includes(column.type))
  assert.ok(sighting.description.length <= 5000)
  assert.ok(sighting.source_uri.length <= 2048)
  for (const reference of sighting.external_references) {
    assert.ok(reference.url.length <= 2048 && reference.external_id.length <= 2048)
  }
}

describe('entity sightings, properties', () => {
  test('any pdns record maps to nothing or a CTIM-valid sighting', () => {
    fc.assert(
      fc.property(
        fc.record({
          first_seen: time,
          last_seen: time,
          record_type: fc.oneof(odd, fc.constantFrom('A', 'AAAA', 'CNAME', 'mx', 'a')),
          resolved: odd,
          sensor_id: odd,
          account_uuid: odd,
        }),
        fc.constantFrom(domain, ipv6, { type: 'ip', value: '10.0.0.1' } as Observable),
        (fields, observable) => {
          const sighting = mapPdnsSighting(fields as never, observable, counterContext())
          if (sighting === undefined) return
          assertCtimSighting(fitToCtim(sighting), observable)
        },
      ),
      { numRuns: 300 },
    )
  })

  test('any file entity maps to nothing or a CTIM-valid sighting', () => {
    fc.assert(
      fc.property(
        fc.record({
          first_seen: time,
          last_seen: time,
          bytes: odd,
          names: odd,
          mime_type: odd,
          md5: odd,
          sha1: odd,
          sha256: odd,
          prevalence_count_internal: fc.oneof(odd, fc.nat()),
          pe: fc.oneof(odd, fc.record({ pe_compile_timestamp: odd, pe_subsystem: odd })),
        }),
        (fields) => {
          const sighting = mapFileSighting(fields, sha256, counterContext())
          if (sighting === undefined) return
          assertCtimSighting(fitToCtim(sighting), sha256)
          for (const relation of sighting.relations ?? []) {
            assert.notEqual(relation.related.type, 'sha256')
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
