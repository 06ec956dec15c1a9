import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { RelayError } from '../errors/relay-error.ts'
import { GtiError } from '../gti/gti-error.ts'
import type { FileAnswer, PdnsAnswer, PdnsRecord } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import {
  askEnrichments,
  type EnrichmentContext,
  fitEnrichments,
  hasEnrichment,
} from './entity-enrichments.ts'
import type { ObserveUpstream, PdnsQuery } from './upstream.ts'

const NOW = Date.parse('2024-01-10T12:00:00Z')

function upstream(answers: { pdns?: PdnsAnswer | Error; file?: FileAnswer | Error }) {
  const calls: { what: string; value: string; query?: PdnsQuery }[] = []
  const settle = <T>(value: T | Error) =>
    value instanceof Error ? Promise.reject(value) : Promise.resolve(value)
  const fake: ObserveUpstream = {
    hasEvents: false,
    detectionsPage: async () => ({ detections: [] }),
    detectionEvents: async () => ({ events: [] }),
    queryEvents: async () => ({ events: [] }),
    dhcp: async () => ({ entity_tracking_bulk_response: { dhcp: [] } }),
    entityPdns: async (_call, value, query) => {
      calls.push({ what: 'pdns', value, query })
      return settle(answers.pdns ?? { passivedns: [] })
    },
    entityFile: async (_call, value) => {
      calls.push({ what: 'file', value })
      return settle(answers.file ?? { file: null })
    },
  }
  return { fake, calls }
}

const context = (fake: ObserveUpstream, allowTestAccounts = false): EnrichmentContext => ({
  upstream: fake,
  call: { apiKey: 'k' },
  limit: 50,
  allowTestAccounts,
  lookbackDays: 7,
  nowMs: NOW,
})

const fail = (what: string, error: unknown) =>
  new RelayError('service unavailable', `${what}: ${String(error)}`)

const rec = (last: string, fields: Partial<PdnsRecord> = {}): PdnsRecord => ({
  first_seen: '2024-01-01T00:00:00Z',
  last_seen: last,
  record_type: 'A',
  resolved: '1.2.3.4',
  customer_id: 'acme',
  ...fields,
})

describe('entity enrichments (v2 rule 7)', () => {
  test('which types ask what, with the look-back window in days', async () => {
    const { fake, calls } = upstream({})
    for (const observable of [
      { type: 'domain', value: 'x.io' },
      { type: 'ipv6', value: '2001:DB8::1' },
      { type: 'md5', value: 'a'.repeat(32) },
      { type: 'email', value: 'a@b.io' },
    ] as Observable[]) {
      await askEnrichments(observable, context(fake), fail, [])
    }
    assert.deepEqual(
      calls.map((c) => [c.what, c.value]),
      [
        ['pdns', 'x.io'],
        ['pdns', '2001:db8::1'],
        ['file', 'a'.repeat(32)],
      ],
    )
    assert.deepEqual(calls[0]?.query, { startDate: '2024-01-03', endDate: '2024-01-10', limit: 50 })
    assert.equal(hasEnrichment({ type: 'user_agent', value: 'x' }, fake), false)
  })

  test('pdns: test accounts filtered, bad times counted, newest last_seen first', async () => {
    const { fake } = upstream({
      pdns: {
        passivedns: [
          rec('2024-01-02T00:00:00Z', { resolved: 'old' }),
          rec('2024-01-05T00:00:00Z', { resolved: 'new' }),
          rec('2024-01-04T00:00:00Z', { customer_id: 'dmo' }),
          rec('2024-01-04T00:00:00Z', { account_uuid: 'f6f6f836-8bcd-4f5d-bd61-68d303c4f634' }),
          rec('yesterday'),
        ],
      },
    })
    const found = await askEnrichments({ type: 'domain', value: 'x.io' }, context(fake), fail, [])
    assert.deepEqual(
      found.pdns.map((r) => r.resolved),
      ['new', 'old'],
    )
    assert.equal(found.badTimes, 1)
    const all = await askEnrichments(
      { type: 'domain', value: 'x.io' },
      context(fake, true),
      fail,
      [],
    )
    assert.equal(all.pdns.length, 4)
  })

  test('404 and an empty file are nothing; other failures are one warning', async () => {
    const notFound = new GtiError('nf', {
      kind: 'client',
      status: 404,
      method: 'GET',
      url: 'u',
      attempts: 1,
    })
    const errors: RelayError[] = []
    const md5 = { type: 'md5', value: 'a'.repeat(32) } as Observable
    const a = await askEnrichments(md5, context(upstream({ file: notFound }).fake), fail, errors)
    const b = await askEnrichments(
      md5,
      context(upstream({ file: { file: {} } }).fake),
      fail,
      errors,
    )
    assert.deepEqual([a.file, b.file, errors.length], [undefined, undefined, 0])
    const broken = new GtiError('500', {
      kind: 'server',
      status: 500,
      method: 'GET',
      url: 'u',
      attempts: 3,
    })
    await askEnrichments(
      { type: 'ip', value: '1.2.3.4' },
      context(upstream({ pdns: broken }).fake),
      fail,
      errors,
    )
    assert.equal(errors.length, 1)
    assert.match(errors[0]?.message ?? '', /passive DNS lookup/)
    const demoFile = await askEnrichments(
      md5,
      context(
        upstream({ file: { file: { customer_id: 'chg', first_seen: '2024-01-01T00:00:00Z' } } })
          .fake,
      ),
      fail,
      [],
    )
    assert.equal(demoFile.file, undefined, 'a test-account file is filtered as events are')
  })

  test('property: fitEnrichments keeps at most the room, pdns first, and counts the rest', () => {
    fc.assert(
      fc.property(
        fc.nat(8),
        fc.boolean(),
        fc.integer({ min: -3, max: 12 }),
        (pdnsCount, hasFile, room) => {
          const found = {
            pdns: Array.from({ length: pdnsCount }, (_, i) =>
              rec(`2024-01-0${(i % 9) + 1}T00:00:00Z`),
            ),
            file: hasFile ? { first_seen: '2024-01-01T00:00:00Z' } : undefined,
            badTimes: 0,
          }
          const { entities, hidden } = fitEnrichments(found, room)
          const kept = entities.pdns.length + (entities.file === undefined ? 0 : 1)
          assert.ok(kept <= Math.max(0, room))
          assert.equal(kept + hidden, pdnsCount + (hasFile ? 1 : 0))
          assert.deepEqual(entities.pdns, found.pdns.slice(0, entities.pdns.length))
          if (entities.file !== undefined) assert.equal(entities.pdns.length, pdnsCount)
        },
      ),
    )
  })
})
