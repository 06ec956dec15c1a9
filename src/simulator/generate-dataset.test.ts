import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { DEMO_ACCOUNT_UUID, TRAINING_ACCOUNT_UUID, WELL_KNOWN_OBSERVABLES } from './dataset.ts'
import { loadDataset, saveDataset } from './dataset-file.ts'
import { EVENT_TYPES } from './event-builders.ts'
import { splitField, valuesAtPath } from './field-values.ts'
import { generateDataset } from './generate-dataset.ts'
import { matchesIql } from './iql-evaluator.ts'
import { parseIql } from './iql-parser.ts'
import { sampleObservables } from './sample-observables.ts'

const NOW = '2026-03-01T12:00:00.000Z'
const dataset = generateDataset({ seed: 42, now: NOW })
const eventsByUuid = new Map(dataset.events.map((event) => [event.uuid, event]))

describe('generateDataset', () => {
  test('is deterministic for a seed and differs between seeds', () => {
    const again = generateDataset({ seed: 42, now: NOW })
    assert.equal(JSON.stringify(again), JSON.stringify(dataset))
    const other = generateDataset({ seed: 43, now: NOW })
    assert.notEqual(JSON.stringify(other), JSON.stringify(dataset))
  })

  test('honours explicit counts', () => {
    const tiny = generateDataset({ seed: 1, now: NOW, size: { events: 50, detections: 10 } })
    assert.equal(tiny.detections.length, 10)
    const detectionEventCount = Object.values(tiny.detectionEvents).flat().length
    // 10 well-known background events, 20 for the v2 observable types (4 kinds, 3+1+1 rounds).
    assert.equal(tiny.events.length, 50 + detectionEventCount + 10 + 20)
  })

  test('has the customer and both test accounts', () => {
    const codes = dataset.accounts.map((account) => `${account.code}/${account.uuid}`)
    assert.ok(codes.includes(`dmo/${DEMO_ACCOUNT_UUID}`))
    assert.ok(codes.includes(`chg/${TRAINING_ACCOUNT_UUID}`))
    assert.ok(dataset.accounts.some((account) => account.code === 'acme' && !account.test))
    const detectionAccounts = new Set(dataset.detections.map((detection) => detection.account_uuid))
    assert.equal(detectionAccounts.size, 3)
  })

  test('produces every event type, sorted newest first, with the common fields', () => {
    assert.deepEqual(
      new Set(dataset.events.map((event) => event.event_type)),
      new Set([...EVENT_TYPES, 'smtp']),
    )
    for (const [i, event] of dataset.events.entries()) {
      assert.match(event.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      assert.ok(event.timestamp < NOW, event.timestamp)
      assert.equal(typeof event.uuid, 'string')
      assert.equal(typeof event.sensor_id, 'string')
      assert.equal(typeof event.src.ip, 'string')
      assert.equal(typeof event.dst.internal, 'boolean')
      const previous = dataset.events[i - 1]
      if (previous) assert.ok(previous.timestamp >= event.timestamp)
    }
    const weekAgo = new Date(Date.parse(NOW) - 7 * 86_400_000).toISOString()
    const recent = dataset.events.filter((event) => event.timestamp >= weekAgo).length
    assert.ok(recent / dataset.events.length > 0.8, 'most events within the last 7 days')
  })

  test('has realistic oddities: uri.port -1, null hashes, internationalised domains', () => {
    const http = dataset.events.filter((event) => event.event_type === 'http')
    assert.ok(http.every((event) => (event.uri as { port: number }).port === -1))
    const hashes = dataset.events.flatMap((event) => valuesAtPath(event, ['files', 'sha1']))
    assert.ok(hashes.includes(null), 'some file hashes are null')
    const domains = dataset.events.flatMap((event) => valuesAtPath(event, ['query', 'domain']))
    assert.ok(domains.some((domain) => String(domain).startsWith('xn--')))
    assert.ok(
      domains.some((domain) => [...String(domain)].some((char) => char.charCodeAt(0) > 127)),
    )
  })

  test('detections use microsecond timestamps and indicators found in their own events', () => {
    for (const detection of dataset.detections) {
      assert.match(detection.first_seen, /\.\d{6}Z$/)
      assert.ok(detection.indicators.length > 0)
      const events = (dataset.detectionEvents[detection.uuid] ?? []).map((uuid) =>
        eventsByUuid.get(uuid),
      )
      assert.equal(events.length, detection.event_count)
      for (const indicator of detection.indicators) {
        const { path } = splitField(indicator.field)
        const found = new Set(events.flatMap((event) => valuesAtPath(event, path)))
        for (const value of indicator.values)
          assert.ok(found.has(value), `${indicator.field} ${value}`)
      }
    }
    assert.ok(dataset.detections.some((detection) => detection.status === 'resolved'))
    assert.ok(dataset.rules.every((rule) => ['high', 'moderate', 'low'].includes(rule.severity)))
  })

  test('every well-known observable has active detections whose events contain it', () => {
    for (const [type, value] of Object.entries(WELL_KNOWN_OBSERVABLES)) {
      const active = dataset.detections.filter(
        (detection) =>
          detection.status === 'active' &&
          detection.indicators.some((indicator) => indicator.values.includes(value)),
      )
      assert.ok(active.length > 0, `${type} ${value}`)
      const query = parseIql(`${type} = '${value}'`)
      for (const detection of active) {
        const events = (dataset.detectionEvents[detection.uuid] ?? []).map(
          (uuid) => eventsByUuid.get(uuid) ?? {},
        )
        assert.ok(
          events.some((event) => matchesIql(query, event)),
          `${value} in the events of ${detection.uuid}`,
        )
      }
    }
  })

  test('DHCP leases: an address held in two accounts, and handovers', () => {
    const accountsByIp = new Map<string, Set<string>>()
    for (const lease of dataset.leases) {
      const accounts = accountsByIp.get(lease.ip) ?? new Set()
      accounts.add(lease.account_code)
      accountsByIp.set(lease.ip, accounts)
    }
    assert.ok([...accountsByIp.values()].some((accounts) => accounts.size > 1))
    assert.ok(dataset.leases.some((lease) => lease.lease_end !== null))
  })

  test('sampleObservables starts with the well-known values', () => {
    const sample = sampleObservables(dataset, 30)
    assert.equal(sample.length, 30)
    assert.deepEqual(
      sample
        .slice(0, 5)
        .map((item) => item.value)
        .sort(),
      Object.values(WELL_KNOWN_OBSERVABLES).sort(),
    )
    assert.equal(new Set(sample.map((item) => `${item.type}:${item.value}`)).size, 30)
  })

  test('saveDataset and loadDataset round-trip; a foreign file is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gti-sim-dataset-'))
    try {
      const path = join(dir, 'dataset.json')
      await saveDataset(path, dataset)
      assert.deepEqual(await loadDataset(path), dataset)
      await saveDataset(path, { nope: true } as never)
      await assert.rejects(loadDataset(path), TypeError)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
