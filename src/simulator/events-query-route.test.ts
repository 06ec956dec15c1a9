import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { EventsQueryAnswerSchema } from '../gti/schemas.ts'
import { type RunningSimulator, startSimulator } from './start-simulator.ts'

const NOW = '2026-03-01T12:00:00.000Z'
let sim: RunningSimulator

async function query(
  body: unknown,
  path = '/events/v2/query',
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { authorization: `IBToken ${sim.apiKey}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

before(async () => {
  sim = await startSimulator({ seed: 11, now: NOW })
})
after(() => sim.close())

describe('POST /events/v2/query', () => {
  test("answers the relay's query, newest first, valid for the relay's schema", async () => {
    const { status, body } = await query({
      query: "ip = '45.77.51.101'",
      start_date: '2026-02-22T12:00:00.000Z',
      end_date: NOW,
      limit: 100,
    })
    assert.equal(status, 200)
    const answer = EventsQueryAnswerSchema.parse(body)
    assert.ok(answer.events.length > 0)
    assert.equal(answer.limit, 100)
    assert.equal(answer.total, answer.events.length)
    const stamps = answer.events.map((event) => event.timestamp)
    assert.deepEqual(stamps, [...stamps].sort().reverse())
    const types = new Set(answer.events.map((event) => event.event_type))
    assert.ok(types.has('dns') && types.has('http'), [...types].join())
  })

  test('a trailing slash is accepted', async () => {
    assert.equal((await query({ query: "uuid = 'x'" }, '/events/v2/query/')).status, 200)
  })

  test('qualified fields only match their type; unqualified ones every type', async () => {
    const all = await query({ query: "domain = 'securecorp.club'", limit: 10_000 })
    const http = await query({ query: "http:host.domain = 'securecorp.club'", limit: 10_000 })
    assert.ok(http.body.total > 0)
    assert.ok(http.body.events.every((event: any) => event.event_type === 'http'))
    assert.ok(all.body.total > http.body.total)
    const either = await query({
      query: 'http:host.domain = \'securecorp.club\' OR dns:query.domain == "securecorp.club"',
      limit: 10_000,
    })
    const dns = either.body.events.filter((event: any) => event.event_type === 'dns').length
    assert.equal(either.body.total, http.body.total + dns)
    const narrowed = await query({
      query: "(domain = 'securecorp.club') and not event_type = 'dns'",
      limit: 10_000,
    })
    assert.equal(
      narrowed.body.total,
      all.body.events.filter((event: any) => event.event_type !== 'dns').length,
    )
  })

  test('escaped quotes reach the evaluator', async () => {
    const { status, body } = await query({ query: "domain = 'it\\'s.not\\\\here'" })
    assert.equal(status, 200)
    assert.equal(body.total, 0)
  })

  test('start_date is inclusive and end_date exclusive', async () => {
    const event = sim.dataset.events[10]
    assert.ok(event)
    const exact = { query: `uuid = '${event.uuid}'` }
    const at = await query({ ...exact, start_date: event.timestamp, end_date: NOW })
    assert.equal(at.body.total, 1)
    const before = await query({
      ...exact,
      start_date: '2026-01-01T00:00:00Z',
      end_date: event.timestamp,
    })
    assert.equal(before.body.total, 0)
    const after = new Date(Date.parse(event.timestamp) + 1).toISOString()
    assert.equal((await query({ ...exact, start_date: after })).body.total, 0)
    assert.equal((await query({ ...exact, end_date: after })).body.total, 1)
  })

  test('limit cuts the events but total counts every match; order asc reverses', async () => {
    const full = await query({ query: "ip = '10.1.70.2'", limit: 10_000 })
    assert.ok(full.body.total > 3)
    const cut = await query({ query: "ip = '10.1.70.2'", limit: 3 })
    assert.equal(cut.body.total, full.body.total)
    assert.equal(cut.body.events.length, 3)
    assert.deepEqual(
      cut.body.events.map((event: any) => event.uuid),
      full.body.events.slice(0, 3).map((event: any) => event.uuid),
    )
    const asc = await query({ query: "ip = '10.1.70.2'", limit: 1, order: 'asc' })
    assert.equal(asc.body.events[0].uuid, full.body.events.at(-1).uuid)
    const defaulted = await query({ query: "ip = '10.1.70.2'" })
    assert.equal(defaulted.body.limit, 100)
  })

  test('garbage answers 400 with an error body', async () => {
    for (const body of [
      '{not json',
      '[]',
      {},
      { query: '' },
      { query: "ip = '1.2.3.4" },
      { query: 'ip 1.2.3.4' },
      { query: "ip = '1' AND" },
      { query: "ip = '1'", limit: 0 },
      { query: "ip = '1'", limit: 10_001 },
      { query: "ip = '1'", limit: 'many' },
      { query: "ip = '1'", start_date: 'yesterday' },
      { query: "ip = '1'", order: 'sideways' },
    ]) {
      const { status, body: answer } = await query(body)
      assert.equal(status, 400, JSON.stringify(body))
      assert.equal(typeof answer.error.code, 'string')
      assert.equal(typeof answer.error.message, 'string')
    }
  })
})
