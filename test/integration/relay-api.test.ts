/**
 * The relay's HTTP API over real HTTP: routes, envelope, statuses, payload
 * validation, body limits and logs. Tokens come from the simulator's key.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type Harness, startHarness } from '../support/relay-harness.ts'

let h: Harness

before(async () => {
  h = await startHarness({ env: { MAX_OBSERVABLES: '50' } })
})
after(async () => {
  await h.close()
})

function authError(body: any): string {
  assert.equal(body.errors?.length, 1, JSON.stringify(body))
  assert.equal(body.errors[0].code, 'authorization error')
  assert.equal(body.errors[0].type, 'fatal')
  assert.equal(body.data, undefined)
  return body.errors[0].message
}

describe('routes', () => {
  test('POST /version answers the package version without a token, not wrapped', async () => {
    const res = await h.post('/version', undefined, { token: null })
    assert.equal(res.status, 200)
    assert.match(res.body.version, /^\d+\.\d+\.\d+/)
    assert.equal(res.body.data, undefined)
  })

  test('GET /watchdog echoes Health-Check; missing header is a health check failed error', async () => {
    const ok = await fetch(`${h.relayUrl}/watchdog`, { headers: { 'health-check': 'ping-42' } })
    assert.equal(ok.status, 200)
    assert.deepEqual(await ok.json(), { data: 'ping-42' })
    const missing = await fetch(`${h.relayUrl}/watchdog/`)
    assert.equal(missing.status, 200)
    const body: any = await missing.json()
    assert.equal(body.errors[0].code, 'health check failed')
    assert.equal(body.errors[0].type, 'fatal')
  })

  test('wrong methods answer 405 with JSON, unknown routes 404 with JSON', async () => {
    for (const [method, path] of [
      ['POST', '/watchdog'],
      ['GET', '/health'],
      ['GET', '/observe/observables'],
      ['PUT', '/refer/observables'],
      ['DELETE', '/version'],
    ] as const) {
      const res = await fetch(`${h.relayUrl}${path}`, { method })
      assert.equal(res.status, 405, `${method} ${path}`)
      assert.equal(res.headers.get('allow'), path === '/watchdog' ? 'GET, HEAD' : 'POST')
      const body: any = await res.json()
      assert.equal(body.errors[0].code, 'method not allowed')
    }
    // Routes the relay does not serve (deliberate and respond now exist; see their own tests).
    for (const path of ['/', '/enrich/observables', '/respond/unknown', '/deliberate']) {
      const res = await fetch(`${h.relayUrl}${path}`, { method: 'POST' })
      assert.equal(res.status, 404, path)
      const body: any = await res.json()
      assert.equal(body.errors[0].code, 'not found')
    }
  })

  test('trailing slashes are tolerated and bodies are JSON whatever the Content-Type', async () => {
    const res = await h.post('/refer/observables/', undefined, {
      raw: JSON.stringify([{ type: 'ip', value: '45.77.51.101' }]),
      headers: { 'content-type': 'text/plain' },
    })
    assert.equal(res.status, 200)
    assert.equal(res.body.data.length, 1)
  })

  test('POST /health proves the key with one upstream call', async () => {
    h.sim.resetStats()
    const res = await h.post('/health')
    assert.deepEqual(res.body, { data: { status: 'ok' } })
    const bad = await h.post('/health', undefined, {
      token: await h.token({ key: 'fault-http-401' }),
    })
    assert.match(authError(bad.body), /^Authorization failed: /)
    const down = await h.post('/health', undefined, {
      token: await h.token({ key: 'fault-http-500' }),
    })
    assert.equal(down.status, 200)
    assert.equal(down.body.errors[0].code, 'health check failed')
    assert.match(down.body.errors[0].message, /500/)
  })
})

describe('refer', () => {
  test('one search link per supported observable, deduplicated, values URL-encoded', async () => {
    const res = await h.post('/refer/observables', [
      { type: 'ip', value: '2001:db8::1' },
      { type: 'ip', value: '2001:db8::1' },
      { type: 'url', value: 'http://x' },
      { type: 'domain', value: 'securecorp.club' },
      { type: 'sha256', value: '9ffc7e4333d3be11b244d5f83b02ebcd194a671539f7faf1b5597d9209cc25c3' },
    ])
    assert.equal(res.status, 200)
    assert.equal(res.body.errors, undefined)
    assert.deepEqual(res.body.data[0], {
      id: 'ref-gti-search-ip-2001:db8::1',
      title: 'Search for this IP',
      description: 'Lookup this IP on Gigamon ThreatINSIGHT',
      url: `${h.settings.gti.portalUrl}/search?query=2001%3Adb8%3A%3A1`,
      categories: ['Search', 'Gigamon ThreatINSIGHT'],
    })
    assert.deepEqual(
      res.body.data.map((ref: any) => ref.title),
      ['Search for this IP', 'Search for this domain', 'Search for this SHA256'],
    )
  })

  test('refer verifies the token too', async () => {
    const res = await h.post('/refer/observables', [{ type: 'ip', value: '1.1.1.1' }], {
      token: null,
    })
    assert.equal(authError(res.body), 'Authorization failed: Authorization header is missing')
  })
})

describe('payload validation', () => {
  const bad: [string, string][] = [
    ['malformed JSON', '[{"type": "ip", "value": '],
    ['an object instead of a list', '{"type": "ip", "value": "1.1.1.1"}'],
    ['missing value', '[{"type": "ip"}]'],
    ['missing type', '[{"value": "1.1.1.1"}]'],
    ['blank value', '[{"type": "ip", "value": "  "}]'],
    ['empty value', '[{"type": "ip", "value": ""}]'],
    ['blank type', '[{"type": " ", "value": "1.1.1.1"}]'],
    ['non-string value', '[{"type": "ip", "value": 1}]'],
    ['null', 'null'],
    ['null item', '[null]'],
    ['empty body', ''],
  ]
  for (const route of ['/observe/observables', '/refer/observables']) {
    for (const [name, raw] of bad) {
      test(`${route}: ${name} → invalid argument, no upstream call`, async () => {
        h.sim.resetStats()
        const res = await h.post(route, undefined, { raw })
        assert.equal(res.status, 200)
        assert.equal(res.body.errors.length, 1)
        assert.equal(res.body.errors[0].code, 'invalid argument')
        assert.equal(res.body.errors[0].type, 'fatal')
        assert.match(res.body.errors[0].message, /Invalid JSON payload received/)
        assert.equal(res.body.data, undefined)
        const stats = h.sim.stats()
        assert.equal(stats.total, 0, JSON.stringify(stats))
      })
    }
  }

  test('the token is checked before the body', async () => {
    const res = await h.post('/observe/observables', undefined, {
      raw: '{not json',
      token: 'x.y.z',
    })
    assert.match(authError(res.body), /Wrong JWT structure/)
  })

  test('an empty list or only unsupported types answer empty data', async () => {
    assert.deepEqual((await h.post('/observe/observables', [])).body, { data: {} })
    assert.deepEqual(
      (await h.post('/observe/observables', [{ type: 'url', value: 'http://x' }])).body,
      { data: {} },
    )
    assert.deepEqual((await h.post('/refer/observables', [])).body, { data: [] })
  })

  test('more than MAX_OBSERVABLES is an invalid argument naming the limit', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ type: 'ip', value: `10.0.0.${i}` }))
    const res = await h.post('/observe/observables', many)
    assert.equal(res.body.errors[0].code, 'invalid argument')
    assert.match(res.body.errors[0].message, /51 observables exceed the limit of 50/)
  })

  test('a 10 MB body gets 413 at once and the server keeps serving', async () => {
    const big = `[${'"x",'.repeat(2_500_000)}"x"]`
    const res = await h.post('/observe/observables', undefined, { raw: big })
    assert.equal(res.status, 413)
    assert.equal(res.body.errors[0].code, 'payload too large')
    const after = await h.post('/version', undefined, { token: null })
    assert.equal(after.status, 200)
  })
})

describe('logs', () => {
  test('one JSON line per request with id, method, route, status, duration; no secrets', async () => {
    const token = await h.token()
    const before = h.logLines.length
    await h.post('/refer/observables', [{ type: 'ip', value: '1.1.1.1' }], { token })
    await h.post('/observe/observables', [{ type: 'ip', value: '45.77.51.101' }], { token })
    const lines = h.logLines.slice(before).map((line) => JSON.parse(line))
    const requests = lines.filter((line) => line.msg === 'request')
    assert.equal(requests.length, 2)
    for (const line of requests) {
      assert.equal(typeof line.reqId, 'string')
      assert.equal(line.method, 'POST')
      assert.equal(line.status, 200)
      assert.equal(typeof line.durationMs, 'number')
    }
    assert.deepEqual(
      requests.map((line) => line.route),
      ['/refer/observables', '/observe/observables'],
    )
    const all = h.logLines.join('\n')
    assert.equal(all.includes(token), false, 'token in logs')
    assert.equal(all.includes(token.split('.')[1] ?? '-'), false, 'token payload in logs')
    assert.equal(all.includes(h.sim.apiKey), false, 'API key in logs')
    assert.equal(/"authorization":|bearer /i.test(all), false, 'Authorization header in logs')
  })
})

describe('messages that are not well-formed HTTP', () => {
  async function rawExchange(request: string): Promise<string> {
    const { connect } = await import('node:net')
    const url = new URL(h.relayUrl)
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.end(request))
      let text = ''
      socket.on('data', (chunk) => {
        text += String(chunk)
      })
      socket.on('close', () => resolve(text))
      socket.on('error', reject)
    })
  }

  test('broken framing still gets a JSON envelope', async () => {
    const text = await rawExchange(
      'POST /observe/observables HTTP/1.1\r\nContent-Length: x\r\n\r\n[]',
    )
    assert.match(text, /^HTTP\/1\.1 400 /)
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))
    assert.equal(body.errors[0].code, 'invalid argument')
  })

  test('headers over the cap get 431 with a JSON envelope', async () => {
    const text = await rawExchange(
      `GET /watchdog HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`,
    )
    assert.match(text, /^HTTP\/1\.1 431 /)
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))
    assert.equal(body.errors[0].type, 'fatal')
  })
})
