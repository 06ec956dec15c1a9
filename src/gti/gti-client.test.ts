import assert from 'node:assert/strict'
import type { ServerResponse } from 'node:http'
import { after, afterEach, before, beforeEach, describe, test } from 'node:test'
import { inspect } from 'node:util'
import { Pool } from 'undici'
import { type ManualTimers, manualTimers } from '../../test/support/manual-timers.ts'
import type { StubUpstream } from '../../test/support/stub-server.ts'
import { sendJson, startStubUpstream } from '../../test/support/stub-server.ts'
import { testTlsMaterial } from '../../test/support/tls.ts'
import type { Settings } from '../config/settings.ts'
import type { CallContext, GtiClient, GtiClientOptions } from './gti-client.ts'
import { createGtiClient, DEFAULT_MAX_ANSWER_BYTES } from './gti-client.ts'
import { GtiError } from './gti-error.ts'

const KEY = 'k3y-SECRET-0123456789abcdef'
const call: CallContext = { apiKey: KEY }

function settingsFor(origin: string, overrides: Partial<Settings['gti']> = {}): Settings['gti'] {
  return {
    detectionsUrl: `${origin}/v1/`,
    eventsUrl: `${origin}/v2/`,
    entityUrl: `${origin}/v2/`,
    portalUrl: 'https://portal.example',
    eventsLookbackDays: 7,
    callTimeoutMs: 2000,
    connectionsPerOrigin: 4,
    ...overrides,
  }
}

function assertNoKey(error: unknown): void {
  assert.ok(!inspect(error, { depth: 8, showHidden: true }).includes(KEY), 'key in inspect')
  assert.ok(!JSON.stringify(error).includes(KEY), 'key in JSON')
}

async function rejection(promise: Promise<unknown>): Promise<GtiError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof GtiError, `expected a GtiError, got ${inspect(error)}`)
    assertNoKey(error)
    return error
  }
  assert.fail('expected a rejection')
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve))
}

const sleeps: number[] = []
const instantSleep = async (ms: number): Promise<void> => {
  sleeps.push(ms)
}

describe('GtiClient', () => {
  let stub: StubUpstream
  let client: GtiClient

  const makeClient = (
    settings: Partial<Settings['gti']> = {},
    options: Partial<GtiClientOptions> = {},
  ): GtiClient =>
    createGtiClient({
      settings: settingsFor(stub.origin, settings),
      sleep: instantSleep,
      random: () => 0.5,
      version: '1.2.3',
      ...options,
    })

  beforeEach(async () => {
    sleeps.length = 0
    stub = await startStubUpstream()
    client = makeClient()
  })

  afterEach(async () => {
    await client.close()
    await stub.close()
  })

  describe('requests', () => {
    test('detections: exact path, query and headers', async () => {
      await client.detections(call, '10.0.0.1')
      assert.equal(stub.requests.length, 1)
      const [request] = stub.requests
      assert.equal(request?.method, 'GET')
      assert.equal(
        request?.url,
        '/v1/detections?indicator_value=10.0.0.1&status=active&include=indicators&include=rules',
      )
      assert.equal(request?.headers.authorization, `IBToken ${KEY}`)
      assert.equal(request?.headers.accept, 'application/json')
      assert.equal(request?.headers['user-agent'], 'gti-relay/1.2.3')
      assert.equal(request?.headers['content-type'], undefined)
    })

    test('odd values are percent-encoded and arrive intact', async () => {
      const odd = 'a b&status=resolved#x?y=1+2/é\'"%'
      await client.detections(call, odd)
      const url = new URL(stub.requests[0]?.url ?? '', stub.origin)
      assert.deepEqual(url.searchParams.getAll('indicator_value'), [odd])
      assert.deepEqual(url.searchParams.getAll('status'), ['active'])
      assert.deepEqual(url.searchParams.getAll('include'), ['indicators', 'rules'])
      assert.equal(url.hash, '')
    })

    test('detection events', async () => {
      stub.handle = (_req, res) => sendJson(res, 200, { events: [] })
      await client.detectionEvents(call, 'd-1/&x')
      assert.equal(stub.requests[0]?.method, 'GET')
      assert.equal(stub.requests[0]?.url, '/v1/events?detection_uuid=d-1%2F%26x')
    })

    test('events query: POST with the JSON body', async () => {
      stub.handle = (_req, res) => sendJson(res, 200, { events: [] })
      const query = {
        query: "ip = '10.0.0.1'",
        startDate: '2024-01-01T00:00:00.000Z',
        endDate: '2024-01-08T00:00:00.000Z',
        limit: 100,
      }
      await client.queryEvents(call, query)
      const [request] = stub.requests
      assert.equal(request?.method, 'POST')
      assert.equal(request?.url, '/v2/query')
      assert.equal(request?.headers['content-type'], 'application/json')
      assert.equal(request?.headers.authorization, `IBToken ${KEY}`)
      assert.deepEqual(JSON.parse(request?.body ?? ''), {
        query: "ip = '10.0.0.1'",
        start_date: '2024-01-01T00:00:00.000Z',
        end_date: '2024-01-08T00:00:00.000Z',
        limit: 100,
      })
    })

    test('DHCP bulk lookup: POST with the entities', async () => {
      stub.handle = (_req, res) =>
        sendJson(res, 200, { entity_tracking_bulk_response: { dhcp: [] } })
      const entities = [{ ip: '10.0.0.1', event_time: '2024-01-01T00:00:00.000Z' }]
      await client.dhcp(call, entities)
      const [request] = stub.requests
      assert.equal(request?.method, 'POST')
      assert.equal(request?.url, '/v2/entity/tracking/bulk/get/ip')
      assert.equal(request?.headers['content-type'], 'application/json')
      assert.deepEqual(JSON.parse(request?.body ?? ''), { entities })
    })

    test('an empty DHCP list makes no call', async () => {
      const answer = await client.dhcp(call, [])
      assert.deepEqual(answer, { entity_tracking_bulk_response: { dhcp: [] } })
      assert.equal(stub.requests.length, 0)
    })

    test('probe: GET detections?limit=1', async () => {
      await client.probe(call)
      assert.equal(stub.requests[0]?.url, '/v1/detections?limit=1')
      assert.equal(stub.requests[0]?.headers.authorization, `IBToken ${KEY}`)
    })

    test('no Events API: hasEvents is false and queryEvents refuses clearly', async () => {
      const eu = makeClient({ eventsUrl: undefined })
      try {
        assert.equal(eu.hasEvents, false)
        assert.equal(client.hasEvents, true)
        await assert.rejects(
          eu.queryEvents(call, { query: 'x', startDate: 'a', endDate: 'b', limit: 1 }),
          (error: unknown) => error instanceof TypeError && /no Events API/.test(error.message),
        )
        assert.equal(stub.requests.length, 0)
      } finally {
        await eu.close()
      }
    })

    test('a key no header can carry is an authorization error, sent nowhere', async () => {
      const error = await rejection(client.detections({ apiKey: 'ключ' }, '10.0.0.1'))
      assert.equal(error.kind, 'authentication')
      assert.equal(error.code, 'authorization error')
      assert.match(error.message, /^Authorization failed: /)
      assert.equal(error.attempts, 0)
      assert.equal(stub.requests.length, 0)
    })

    test('after close, calls throw', async () => {
      await client.close()
      await assert.rejects(client.detections(call, 'x'), /closed/)
    })
  })

  describe('answers', () => {
    test('unknown fields are kept and nulls accepted', async () => {
      stub.handle = (_req, res) =>
        sendJson(res, 200, {
          detections: [
            {
              uuid: 'd-1',
              rule_uuid: 'r-1',
              account_uuid: null,
              device_ip: null,
              indicators: null,
              extra: { nested: 1 },
            },
          ],
          rules: null,
          total_count: null,
          novel: 'kept',
        })
      const answer = await client.detections(call, '10.0.0.1')
      assert.equal(answer.detections[0]?.uuid, 'd-1')
      assert.equal(answer.detections[0]?.device_ip, null)
      assert.deepEqual(answer.detections[0]?.extra, { nested: 1 })
      assert.equal(answer.novel, 'kept')
      assert.equal(answer.rules, null)
    })

    test('a wrong shape is malformed', async () => {
      stub.handle = (_req, res) => sendJson(res, 200, { detections: 'nope' })
      const error = await rejection(client.detections(call, '10.0.0.1'))
      assert.equal(error.kind, 'malformed')
      assert.equal(error.code, 'unexpected response')
      assert.equal(error.status, 200)
      assert.match(error.message, /expected shape \(detections: /)
      assert.ok(error.message.includes(`GET ${stub.origin}/v1/detections?indicator_value=`))
    })

    test('a wrong event inside the events answer is malformed', async () => {
      stub.handle = (_req, res) =>
        sendJson(res, 200, { events: [{ rule_uuid: 'r', event: { uuid: 1 } }] })
      const error = await rejection(client.detectionEvents(call, 'd-1'))
      assert.equal(error.kind, 'malformed')
      assert.match(error.message, /events\.0\.event: expected an event/)
    })

    test('non-JSON is malformed, and the body never reaches the error', async () => {
      stub.handle = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end(`<html>echo ${KEY}</html>`)
      }
      const error = await rejection(client.detections(call, '10.0.0.1'))
      assert.equal(error.kind, 'malformed')
      assert.match(error.message, /is not JSON/)
      assert.equal(error.attempts, 1)
    })

    test('a body over the cap is malformed (declared length)', async () => {
      const small = makeClient({}, { maxAnswerBytes: 1024 })
      try {
        stub.handle = (_req, res) =>
          sendJson(res, 200, { detections: [], padding: 'x'.repeat(5000) })
        const error = await rejection(small.detections(call, '10.0.0.1'))
        assert.equal(error.kind, 'malformed')
        assert.match(error.message, /larger than 1024 bytes/)
      } finally {
        await small.close()
      }
    })

    test('the cap comes from settings.maxAnswerBytes: a body at it is read, one byte over is refused once', async () => {
      const body = JSON.stringify({ detections: [], padding: 'x'.repeat(3000) })
      const atCap = makeClient({ maxAnswerBytes: Buffer.byteLength(body) })
      const underCap = makeClient({ maxAnswerBytes: Buffer.byteLength(body) - 1 })
      try {
        let calls = 0
        stub.handle = (_req, res) => {
          calls++
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(body)
        }
        const answer = await atCap.detections(call, '10.0.0.1')
        assert.deepEqual(answer.detections, [])
        calls = 0
        const error = await rejection(underCap.detections(call, '10.0.0.1'))
        assert.equal(error.kind, 'malformed')
        assert.match(error.message, /GTI_MAX_ANSWER_BYTES/)
        // An oversized answer is what upstream chose to send: asking again would get it again.
        assert.equal(calls, 1)
      } finally {
        await atCap.close()
        await underCap.close()
      }
    })

    test('without a setting or an option the cap is DEFAULT_MAX_ANSWER_BYTES', async () => {
      const big = 'x'.repeat(DEFAULT_MAX_ANSWER_BYTES)
      stub.handle = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(`{"detections":[],"padding":"${big}"}`)
      }
      const error = await rejection(client.detections(call, '10.0.0.1'))
      assert.equal(error.kind, 'malformed')
      assert.match(error.message, new RegExp(`larger than ${DEFAULT_MAX_ANSWER_BYTES} bytes`))
    })

    test('a body over the cap is malformed (chunked, no length)', async () => {
      const small = makeClient({}, { maxAnswerBytes: 1024 })
      try {
        stub.handle = (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.write('{"detections":[],"padding":"')
          for (let i = 0; i < 10; i++) res.write('x'.repeat(500))
          res.end('"}')
        }
        const error = await rejection(small.detections(call, '10.0.0.1'))
        assert.equal(error.kind, 'malformed')
        assert.match(error.message, /larger than 1024 bytes/)
      } finally {
        await small.close()
      }
    })
  })

  describe('errors', () => {
    test('401 carries the upstream message', async () => {
      stub.handle = (_req, res) =>
        sendJson(res, 401, {
          error: { code: 'client.invalid_authentication', message: 'Authentication is invalid.' },
        })
      const error = await rejection(client.detections(call, '10.0.0.1'))
      assert.equal(error.kind, 'authentication')
      assert.equal(error.code, 'authorization error')
      assert.equal(error.message, 'Authorization failed: Authentication is invalid.')
      assert.equal(error.status, 401)
      assert.equal(error.method, 'GET')
      assert.ok(error.url.startsWith(`${stub.origin}/v1/detections?`))
      assert.equal(error.attempts, 1)
    })

    test('403 without a readable body gets a generic reason', async () => {
      stub.handle = (_req, res) => {
        res.writeHead(403)
        res.end('forbidden')
      }
      const error = await rejection(client.detections(call, '10.0.0.1'))
      assert.equal(error.kind, 'authentication')
      assert.match(
        error.message,
        /^Authorization failed: ThreatINSIGHT refused the API key \(403 Forbidden\)$/,
      )
    })

    test('an upstream message echoing the key is redacted', async () => {
      stub.handle = (_req, res) =>
        sendJson(res, 401, { error: { message: `Key ${KEY} is not valid` } })
      const error = await rejection(client.detections(call, '10.0.0.1'))
      assert.equal(error.message, 'Authorization failed: Key [redacted] is not valid')
    })

    test('each status maps to its kind and code, naming method and URL', async () => {
      const cases = [
        { status: 400, kind: 'client', code: 'unexpected response' },
        { status: 404, kind: 'client', code: 'unexpected response' },
        { status: 429, kind: 'rate-limit', code: 'too many requests' },
        { status: 500, kind: 'server', code: 'service unavailable' },
        { status: 503, kind: 'server', code: 'service unavailable' },
      ] as const
      for (const { status, kind, code } of cases) {
        stub.handle = (_req, res) => sendJson(res, status, { error: { message: 'nope' } })
        const error = await rejection(client.detectionEvents(call, 'd-1'))
        assert.equal(error.kind, kind, `status ${status}`)
        assert.equal(error.code, code)
        assert.equal(error.status, status)
        assert.ok(error.message.startsWith(`ThreatINSIGHT answered ${status} `))
        assert.ok(error.message.includes(`GET ${stub.origin}/v1/events?detection_uuid=d-1`))
        assert.ok(error.message.includes(': nope'))
      }
    })

    test('503 message reads as an analyst expects', async () => {
      stub.handle = (_req, res) => sendJson(res, 503, {})
      const error = await rejection(client.detectionEvents(call, 'd-1'))
      assert.equal(
        error.message,
        `ThreatINSIGHT answered 503 Service Unavailable to GET ${stub.origin}/v1/events?detection_uuid=d-1 (after 3 attempts)`,
      )
    })

    test('connection refused is a network error, not retried', async () => {
      const gone = await startStubUpstream()
      const origin = gone.origin
      await gone.close()
      const refused = createGtiClient({ settings: settingsFor(origin), sleep: instantSleep })
      try {
        const error = await rejection(refused.detections(call, '10.0.0.1'))
        assert.equal(error.kind, 'network')
        assert.equal(error.code, 'connection error')
        assert.equal(error.attempts, 1)
        assert.match(
          error.message,
          /^Could not reach ThreatINSIGHT for GET http:\/\/127\.0\.0\.1:\d+\/v1\/detections\?/,
        )
        assert.match(error.message, /connection refused \(ECONNREFUSED\)/)
        assert.equal(error.status, undefined)
      } finally {
        await refused.close()
      }
    })
  })

  describe('retries', () => {
    test('503 twice then 200 succeeds after 3 attempts with jittered backoff', async () => {
      stub.handle = (_req, res, _body, hit) =>
        hit < 3 ? sendJson(res, 503, {}) : sendJson(res, 200, { detections: [] })
      const answer = await client.detections(call, '10.0.0.1')
      assert.deepEqual(answer.detections, [])
      assert.equal(stub.requests.length, 3)
      assert.deepEqual(sleeps, [75, 150])
    })

    test('502, 504 and 429 are retried; POSTs too', async () => {
      for (const status of [502, 504, 429]) {
        stub.requests.length = 0
        stub.handle = (_req, res, _body, hit) =>
          hit === 1 ? sendJson(res, status, {}) : sendJson(res, 200, { events: [] })
        await client.queryEvents(call, { query: 'q', startDate: 'a', endDate: 'b', limit: 1 })
        assert.equal(stub.requests.length, 2, `status ${status}`)
      }
    })

    test('gives up after the retry limit, reporting the attempts', async () => {
      stub.handle = (_req, res) => sendJson(res, 429, {})
      const error = await rejection(client.detections(call, '10.0.0.1'))
      assert.equal(error.kind, 'rate-limit')
      assert.equal(error.attempts, 3)
      assert.equal(stub.requests.length, 3)
      assert.match(error.message, /\(after 3 attempts\)$/)
    })

    test('401, 403, 400, 404 and 500 are sent exactly once', async () => {
      for (const status of [401, 403, 400, 404, 500]) {
        stub.requests.length = 0
        stub.handle = (_req, res) => sendJson(res, status, {})
        const error = await rejection(client.detections(call, '10.0.0.1'))
        assert.equal(error.attempts, 1, `status ${status}`)
        assert.equal(stub.requests.length, 1, `status ${status}`)
      }
      assert.deepEqual(sleeps, [])
    })

    test('Retry-After is honoured', async () => {
      stub.handle = (_req, res, _body, hit) =>
        hit === 1
          ? sendJson(res, 429, {}, { 'retry-after': '2' })
          : sendJson(res, 200, { detections: [] })
      await client.detections(call, '10.0.0.1')
      assert.deepEqual(sleeps, [2000])
      assert.equal(stub.requests.length, 2)
    })

    test('Retry-After past the deadline gives up with the 429', async () => {
      const now = 1_700_000_000_000
      const timed = makeClient({}, { clock: { now: () => now } })
      try {
        stub.handle = (_req, res) => sendJson(res, 429, {}, { 'retry-after': '5' })
        const error = await rejection(
          timed.detections({ apiKey: KEY, deadlineMs: now + 3000 }, 'x'),
        )
        assert.equal(error.kind, 'rate-limit')
        assert.equal(error.status, 429)
        assert.equal(error.attempts, 1)
        assert.deepEqual(sleeps, [])
      } finally {
        await timed.close()
      }
    })

    test('Retry-After as an HTTP date, and a too-long one gives up', async () => {
      const now = Date.parse('2024-01-01T00:00:00Z')
      const timed = makeClient({}, { clock: { now: () => now } })
      try {
        stub.handle = (_req, res, _body, hit) =>
          hit === 1
            ? sendJson(res, 503, {}, { 'retry-after': 'Mon, 01 Jan 2024 00:00:03 GMT' })
            : sendJson(res, 429, {}, { 'retry-after': '3600' })
        const error = await rejection(timed.detections(call, 'x'))
        assert.deepEqual(sleeps, [3000])
        assert.equal(error.kind, 'rate-limit')
        assert.equal(error.attempts, 2)
      } finally {
        await timed.close()
      }
    })

    test('an abort while waiting to retry ends the call', async () => {
      const controller = new AbortController()
      const waiting = makeClient(
        {},
        {
          sleep: (_ms, signal) =>
            new Promise((_resolve, reject) => {
              signal.addEventListener('abort', () => reject(signal.reason))
              controller.abort()
            }),
        },
      )
      try {
        stub.handle = (_req, res) => sendJson(res, 503, {})
        const error = await rejection(
          waiting.detections({ apiKey: KEY, signal: controller.signal }, 'x'),
        )
        assert.equal(error.kind, 'aborted')
        assert.equal(stub.requests.length, 1)
      } finally {
        await waiting.close()
      }
    })

    test('a backoff that would pass the deadline gives up with the real error', async () => {
      const now = 1_700_000_000_000
      // Manual timers: on a loaded machine a real 50 ms deadline timer could fire before the 503.
      const timers = manualTimers()
      const timed = makeClient({}, { startTimer: timers.start, clock: { now: () => now } })
      try {
        stub.handle = (_req, res) => sendJson(res, 503, {})
        const error = await rejection(timed.detections({ apiKey: KEY, deadlineMs: now + 50 }, 'x'))
        assert.equal(error.kind, 'server')
        assert.equal(error.attempts, 1)
      } finally {
        await timed.close()
      }
    })

    test('a reset connection is retried', async () => {
      stub.handle = (req, res, _body, hit) => {
        if (hit === 1) req.socket.destroy()
        else sendJson(res, 200, { detections: [] })
      }
      await client.detections(call, '10.0.0.1')
      assert.equal(stub.requests.length, 2)
    })

    test('a kept-alive socket that died while idle is retried on a new one', async () => {
      await client.detections(call, 'first')
      stub.handle = (req, res, _body, hit) => {
        if (hit === 2) req.socket.destroy()
        else sendJson(res, 200, { detections: [] })
      }
      await client.detections(call, 'second')
      assert.equal(stub.requests.length, 3)
      assert.equal(stub.connections, 2)
    })

    test('resets on every attempt end as a network error after 3 attempts', async () => {
      stub.handle = (req) => req.socket.destroy()
      const error = await rejection(client.detections(call, '10.0.0.1'))
      assert.equal(error.kind, 'network')
      assert.equal(error.attempts, 3)
    })
  })

  describe('time', () => {
    // The attempt timer is injected and fired by hand; the call timeout is long enough that
    // undici's own header and body timers never fire first.
    const NOW = 1_700_000_000_000
    const timedClient = (timers: ManualTimers) =>
      makeClient({ callTimeoutMs: 60_000 }, { startTimer: timers.start, clock: { now: () => NOW } })

    test('a hanging upstream times out and is not retried', async () => {
      const timers = manualTimers()
      const quick = timedClient(timers)
      try {
        stub.handle = () => {}
        const pending = quick.detections(call, '10.0.0.1')
        await until(() => stub.requests.length === 1)
        assert.deepEqual(timers.pending(), [60_000], 'one attempt timer of the call timeout')
        timers.fire()
        const error = await rejection(pending)
        assert.equal(error.kind, 'timeout')
        assert.equal(error.code, 'gateway timeout')
        assert.equal(error.attempts, 1)
        assert.equal(stub.requests.length, 1)
        assert.match(error.message, /did not answer GET .* within 60000 ms$/)
        assert.deepEqual(timers.pending(), [], 'no retry was scheduled')
      } finally {
        await quick.close()
      }
    })

    test('a body that stalls times out', async () => {
      const timers = manualTimers()
      const quick = timedClient(timers)
      let written = false
      try {
        stub.handle = (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.write('{"detections":[', () => {
            written = true
          })
        }
        const pending = quick.detections(call, '10.0.0.1')
        await until(() => written)
        timers.fire()
        const error = await rejection(pending)
        assert.equal(error.kind, 'timeout')
        assert.equal(error.attempts, 1)
      } finally {
        await quick.close()
      }
    })

    test('the deadline bounds the call below the call timeout', async () => {
      const timers = manualTimers()
      const quick = timedClient(timers)
      try {
        stub.handle = () => {}
        const pending = quick.detections({ apiKey: KEY, deadlineMs: NOW + 150 }, '10.0.0.1')
        await until(() => stub.requests.length === 1)
        assert.deepEqual(
          timers.pending(),
          [150],
          'the attempt gets what is left before the deadline',
        )
        timers.fire()
        const error = await rejection(pending)
        assert.equal(error.kind, 'timeout')
        assert.match(error.message, /before the deadline/)
      } finally {
        await quick.close()
      }
    })

    test('a passed deadline sends nothing', async () => {
      const error = await rejection(
        client.detections({ apiKey: KEY, deadlineMs: Date.now() - 1 }, '10.0.0.1'),
      )
      assert.equal(error.kind, 'timeout')
      assert.equal(error.attempts, 0)
      assert.equal(stub.requests.length, 0)
    })

    test('the caller signal aborts the call', async () => {
      const controller = new AbortController()
      stub.handle = () => controller.abort()
      const error = await rejection(
        client.detections({ apiKey: KEY, signal: controller.signal }, '10.0.0.1'),
      )
      assert.equal(error.kind, 'aborted')
      assert.equal(error.attempts, 1)
      assert.match(error.message, /was cancelled/)
    })

    test('an aborted signal sends nothing', async () => {
      const error = await rejection(
        client.detections({ apiKey: KEY, signal: AbortSignal.abort() }, '10.0.0.1'),
      )
      assert.equal(error.kind, 'aborted')
      assert.equal(stub.requests.length, 0)
    })
  })

  describe('coalescing', () => {
    let held: ServerResponse[]
    const release = (): void => {
      for (const res of held.splice(0)) sendJson(res, 200, { detections: [] })
    }

    beforeEach(() => {
      held = []
      stub.handle = (_req, res) => {
        held.push(res)
      }
    })

    async function untilRequests(count: number): Promise<void> {
      while (stub.requests.length < count) await new Promise((resolve) => setImmediate(resolve))
    }

    test('10 identical concurrent calls make 1 request and share the answer', async () => {
      const calls = Array.from({ length: 10 }, () => client.detections(call, '10.0.0.1'))
      await untilRequests(1)
      release()
      const answers = await Promise.all(calls)
      assert.equal(stub.requests.length, 1)
      for (const answer of answers) assert.equal(answer, answers[0])
    })

    test('different keys are never shared', async () => {
      const calls = [
        client.detections(call, '10.0.0.1'),
        client.detections({ apiKey: `${KEY}-other` }, '10.0.0.1'),
      ]
      await untilRequests(2)
      release()
      await Promise.all(calls)
      assert.equal(stub.requests.length, 2)
      assert.notEqual(
        stub.requests[0]?.headers.authorization,
        stub.requests[1]?.headers.authorization,
      )
    })

    test('different values or bodies are not shared', async () => {
      const calls = [
        client.detections(call, '10.0.0.1'),
        client.detections(call, '10.0.0.2'),
        client.dhcp(call, [{ ip: '10.0.0.1', event_time: 't' }]),
        client.dhcp(call, [{ ip: '10.0.0.2', event_time: 't' }]),
      ]
      await untilRequests(4)
      for (const res of held.splice(0)) {
        sendJson(res, 200, { detections: [], entity_tracking_bulk_response: { dhcp: [] } })
      }
      await Promise.all(calls)
      assert.equal(stub.requests.length, 4)
    })

    test('a caller that aborts leaves; the others still get the answer', async () => {
      const controller = new AbortController()
      const leaving = client.detections({ apiKey: KEY, signal: controller.signal }, 'x')
      const staying = client.detections(call, 'x')
      await untilRequests(1)
      controller.abort()
      const error = await rejection(leaving)
      assert.equal(error.kind, 'aborted')
      release()
      const answer = await staying
      assert.deepEqual(answer.detections, [])
      assert.equal(stub.requests.length, 1)
    })

    test('a joiner with an earlier deadline stops at its own deadline', async () => {
      const timers = manualTimers()
      const now = 1_700_000_000_000
      const timed = makeClient({}, { startTimer: timers.start, clock: { now: () => now } })
      try {
        const patient = timed.detections(call, 'x')
        const hasty = timed.detections({ apiKey: KEY, deadlineMs: now + 100 }, 'x')
        await untilRequests(1)
        assert.equal(timers.fire(100), 1, "the joiner's own deadline timer")
        const error = await rejection(hasty)
        assert.equal(error.kind, 'timeout')
        release()
        assert.deepEqual((await patient).detections, [])
        assert.equal(stub.requests.length, 1)
      } finally {
        await timed.close()
      }
    })

    test('a settled request is not reused', async () => {
      const first = client.detections(call, 'x')
      await untilRequests(1)
      release()
      await first
      const second = client.detections(call, 'x')
      await untilRequests(2)
      release()
      await second
      assert.equal(stub.requests.length, 2)
    })
  })

  test('keep-alive: 20 sequential calls reuse their socket', async () => {
    for (let i = 0; i < 20; i++) await client.detections(call, `10.0.0.${i}`)
    assert.equal(stub.requests.length, 20)
    assert.ok(stub.connections <= 2, `${stub.connections} connections`)
  })

  test('a key echoed anywhere upstream never reaches an error', async () => {
    stub.handle = (req, res, _body, hit) => {
      if (hit === 1) sendJson(res, 503, { error: { message: `bad ${KEY}` } })
      else req.socket.destroy()
    }
    const error = await rejection(client.detections(call, 'a'))
    assert.equal(error.kind, 'network')
    assert.equal(error.attempts, 3)
  })
})

describe('GtiClient over TLS', () => {
  let tls: { key: string; cert: string; ca: string } | undefined
  let stub: StubUpstream

  before(async () => {
    try {
      const material = await testTlsMaterial()
      tls = { key: material.key, cert: material.cert, ca: material.ca }
    } catch {
      return
    }
    stub = await startStubUpstream(tls)
  })

  after(async () => {
    if (tls !== undefined) await stub.close()
  })

  test('an untrusted certificate is a TLS error, not retried', async (t) => {
    if (tls === undefined) return t.skip('openssl is not available')
    const client = createGtiClient({ settings: settingsFor(stub.origin), sleep: instantSleep })
    try {
      const error = await rejection(client.detections(call, '10.0.0.1'))
      assert.equal(error.kind, 'tls')
      assert.equal(error.code, 'connection error')
      assert.equal(error.attempts, 1)
      assert.match(
        error.message,
        /^TLS certificate verification failed for GET https:\/\/127\.0\.0\.1:/,
      )
      assert.equal(stub.requests.length, 0)
    } finally {
      await client.close()
    }
  })

  test('a trusted certificate through an injected dispatcher works', async (t) => {
    if (tls === undefined) return t.skip('openssl is not available')
    const ca = tls.ca
    const pools: Pool[] = []
    const client = createGtiClient({
      settings: settingsFor(stub.origin),
      dispatcherFor: (origin) => {
        const pool = new Pool(origin, { connect: { ca } })
        pools.push(pool)
        return pool
      },
    })
    try {
      const answer = await client.detections(call, '10.0.0.1')
      assert.deepEqual(answer.detections, [])
      assert.equal(pools.length, 1)
    } finally {
      await client.close()
      await Promise.all(pools.map((pool) => pool.close()))
    }
  })
})
