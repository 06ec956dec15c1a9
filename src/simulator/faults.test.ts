import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createFaultInjector, parseFaultRules } from './faults.ts'
import { type RunningSimulator, startSimulator } from './start-simulator.ts'

let sim: RunningSimulator

function detections(key: string, query = '', signal?: AbortSignal): Promise<Response> {
  return fetch(`${sim.url}/detections/v1/detections?limit=1${query}`, {
    headers: { authorization: `IBToken ${key}` },
    ...(signal ? { signal } : {}),
  })
}

function eventsQuery(iql: string): Promise<Response> {
  return fetch(`${sim.url}/events/v2/query`, {
    method: 'POST',
    headers: { authorization: `IBToken ${sim.apiKey}` },
    body: JSON.stringify({ query: iql }),
  })
}

before(async () => {
  sim = await startSimulator({ size: { events: 50, detections: 6 } })
})
after(() => sim.close())

describe('built-in fault keys', () => {
  test('http-401, http-403, http-500 answer that status with an error body', async () => {
    for (const [key, status] of [
      ['fault-http-401', 401],
      ['fault-http-403', 403],
      ['fault-http-500', 500],
    ] as const) {
      const res = await detections(key)
      assert.equal(res.status, status, key)
      assert.equal(typeof ((await res.json()) as any).error.code, 'string')
    }
  })

  test('http-429 sets Retry-After (default 1)', async () => {
    const res = await detections('fault-http-429')
    assert.equal(res.status, 429)
    assert.equal(res.headers.get('retry-after'), '1')
    await res.body?.cancel()
  })

  test('malformed-json answers 200 with a body that does not parse', async () => {
    const res = await detections('fault-malformed-json')
    assert.equal(res.status, 200)
    const text = await res.text()
    assert.ok(text.startsWith('{'))
    assert.throws(() => JSON.parse(text), SyntaxError)
  })

  test('reset: the client sees a socket error', async () => {
    await assert.rejects(
      detections('fault-reset'),
      (error: Error & { cause?: { code?: string } }) => {
        assert.equal(error.name, 'TypeError')
        assert.ok(error.cause, 'fetch failed with a cause')
        return true
      },
    )
  })

  test('hang: never answers; the client gives up', async () => {
    const controller = new AbortController()
    const pending = detections('fault-hang', '', controller.signal)
    const stats = await waitFor(() => sim.stats().faults.hang === 1)
    assert.equal(stats, true)
    controller.abort()
    await assert.rejects(pending, { name: 'AbortError' })
  })
})

describe('value triggers and rules', () => {
  test('<fault>.fault.test in a query string or an IQL body faults that call', async () => {
    assert.equal((await detections(sim.apiKey, '&indicator_value=http-500.fault.test')).status, 500)
    const res = await eventsQuery("domain = 'http-429.fault.test'")
    assert.equal(res.status, 429)
    await res.body?.cancel()
    await assert.rejects(eventsQuery("domain = 'reset.fault.test'"))
    assert.equal((await detections(sim.apiKey, '&indicator_value=example.com')).status, 200)
  })

  test('rules match on every given matcher and honour times', async () => {
    sim.setFaults([
      {
        fault: 'http-429',
        route: 'events-query',
        value: '8.8.8.8',
        retryAfterSeconds: 7,
        times: 1,
      },
      { fault: 'http-403', apiKey: sim.apiKey, route: 'detections' },
    ])
    try {
      const limited = await eventsQuery("ip = '8.8.8.8'")
      assert.equal(limited.status, 429)
      assert.equal(limited.headers.get('retry-after'), '7')
      await limited.body?.cancel()
      assert.equal((await eventsQuery("ip = '8.8.8.8'")).status, 200, 'times: 1 is used up')
      assert.equal((await eventsQuery("ip = '1.1.1.1'")).status, 200)
      assert.equal((await detections(sim.apiKey)).status, 403)
      const other = await fetch(`${sim.url}/sensor/v1/sensors`, {
        headers: { authorization: `IBToken ${sim.apiKey}` },
      })
      assert.equal(other.status, 200, 'route must match')
    } finally {
      sim.setFaults([])
    }
    assert.equal((await detections(sim.apiKey)).status, 200)
  })

  test('parseFaultRules validates untrusted input', () => {
    assert.deepEqual(parseFaultRules({ faults: [{ fault: 'hang', times: 2 }] }), [
      { fault: 'hang', times: 2 },
    ])
    assert.throws(() => parseFaultRules([{ fault: 'explode' }]), TypeError)
    assert.throws(() => parseFaultRules([{ fault: 'hang', times: -1 }]), TypeError)
    assert.throws(() => parseFaultRules('hang'), TypeError)
  })

  test('the injector prefers configured rules over built-in triggers', () => {
    const injector = createFaultInjector([{ fault: 'http-500', apiKey: 'fault-hang' }])
    assert.equal(
      injector.pick({ apiKey: 'fault-hang', route: 'detections', texts: [] })?.fault,
      'http-500',
    )
    assert.equal(
      injector.pick({ apiKey: 'k', route: 'dhcp', texts: ['x hang.fault.test'] })?.fault,
      'hang',
    )
    assert.equal(injector.pick({ apiKey: 'k', route: 'dhcp', texts: ['fault.test'] }), undefined)
  })
})

describe('latency and random errors', () => {
  test('errorRate 1 fails every API call with 500; the JWKS is spared', async () => {
    const flaky = await startSimulator({
      size: { events: 10, detections: 6 },
      errorRate: 1,
      latencyMs: 5,
      jitterMs: 5,
    })
    try {
      const res = await fetch(`${flaky.urls.detections}detections`, {
        headers: { authorization: `IBToken ${flaky.apiKey}` },
      })
      assert.equal(res.status, 500)
      assert.equal((await fetch(flaky.urls.jwks)).status, 200)
      assert.equal(flaky.stats().faults['http-500'], 1)
    } finally {
      await flaky.close()
    }
  })
})

async function waitFor(condition: () => boolean): Promise<boolean> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return true
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return condition()
}
