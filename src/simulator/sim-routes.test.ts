import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createLocalJWKSet, decodeProtectedHeader, type JWK, jwtVerify } from 'jose'
import { WELL_KNOWN_OBSERVABLES } from './dataset.ts'
import { type RunningSimulator, startSimulator } from './start-simulator.ts'

const SMALL = { events: 30, detections: 8 }
let sim: RunningSimulator
let dir: string

function api(path: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${sim.url}${path}`, {
    headers: { authorization: `IBToken ${sim.apiKey}` },
    ...(signal ? { signal } : {}),
  })
}

async function admin(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: await res.json() }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++)
    await new Promise((resolve) => setTimeout(resolve, 2))
  assert.ok(condition(), 'condition not reached')
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gti-sim-admin-'))
  sim = await startSimulator({ size: SMALL })
})
after(async () => {
  await sim.close()
  await rm(dir, { recursive: true, force: true })
})

describe('statistics', () => {
  test('counts API calls per route and status; the JWKS per route only; admin never', async () => {
    sim.resetStats()
    await (await api('/detections/v1/detections')).json()
    await (await api('/detections/v1/detections/')).json()
    await (await api('/sensor/v1/sensors')).json()
    await (await fetch(sim.urls.jwks)).json()
    await (await fetch(`${sim.url}/nowhere`)).json()
    await admin('GET', '/_sim/observables')
    const { body } = await admin('GET', '/_sim/stats')
    assert.deepEqual(body.byRoute, { detections: 2, sensors: 1, jwks: 1, 'not-found': 1 })
    assert.equal(body.total, 3)
    assert.deepEqual(body.byStatus, { '200': 4, '404': 1 })
    assert.deepEqual(sim.stats(), body)
    const reset = await admin('POST', '/_sim/stats/reset')
    assert.equal(reset.body.total, 0)
    assert.equal(sim.stats().total, 0)
  })

  test('tracks in-flight and peak concurrent calls', async () => {
    sim.resetStats()
    sim.setFaults([{ fault: 'hang', route: 'sensors' }])
    const controller = new AbortController()
    const pending = Array.from({ length: 4 }, () => api('/sensor/v1/sensors', controller.signal))
    try {
      await until(() => sim.stats().inFlight === 4)
      assert.equal(sim.stats().peakInFlight, 4)
      sim.resetStats()
      assert.equal(sim.stats().peakInFlight, 4, 'the peak restarts from what is in flight')
    } finally {
      controller.abort()
      sim.setFaults([])
      await Promise.allSettled(pending)
    }
    await until(() => sim.stats().inFlight === 0)
    assert.equal(sim.stats().faults.hang, undefined)
  })
})

describe('tokens and JWKS', () => {
  test('POST /_sim/token signs RS256 tokens that verify with the served JWKS', async () => {
    const jwks = (await admin('GET', '/.well-known/jwks')).body
    const [key] = jwks.keys
    assert.equal(key.kty, 'RSA')
    assert.equal(key.alg, 'RS256')
    assert.equal(key.use, 'sig')
    assert.equal(typeof key.kid, 'string')
    assert.equal(key.d, undefined, 'no private part')
    const { status, body } = await admin('POST', '/_sim/token', {
      aud: 'http://relay.test',
      extra: 1,
    })
    assert.equal(status, 200)
    assert.equal(decodeProtectedHeader(body.token).kid, key.kid)
    const { payload } = await jwtVerify(body.token, createLocalJWKSet(jwks), {
      audience: 'http://relay.test',
      algorithms: ['RS256'],
    })
    assert.equal(payload.key, sim.apiKey)
    assert.equal(payload.jwks_host, 'visibility.amp.cisco.com')
    assert.equal(payload.extra, 1)
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 3600)
  })

  test('signToken claims override the defaults; bad claims are a 400', async () => {
    const token = await sim.signToken({ key: 'other', jwks_host: 'example.test', aud: 'a' })
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [sim.publicJwk] }), {
      audience: 'a',
    })
    assert.equal(payload.key, 'other')
    assert.equal(payload.jwks_host, 'example.test')
    assert.equal((await admin('POST', '/_sim/token', [1])).status, 400)
  })

  test('keyFile: created once (mode 600), then shared by another simulator', async () => {
    const keyFile = join(dir, 'sim-key.json')
    const first = await startSimulator({ size: SMALL, keyFile })
    const second = await startSimulator({ size: SMALL, keyFile })
    try {
      assert.equal((await stat(keyFile)).mode & 0o777, 0o600)
      assert.equal(typeof JSON.parse(await readFile(keyFile, 'utf8')).d, 'string')
      assert.deepEqual(second.publicJwk, first.publicJwk)
      const token = await first.signToken({ aud: 'x' })
      const served = (await (await fetch(second.urls.jwks)).json()) as { keys: JWK[] }
      await jwtVerify(token, createLocalJWKSet(served), { audience: 'x' })
      assert.notDeepEqual(sim.publicJwk, first.publicJwk)
    } finally {
      await Promise.all([first.close(), second.close()])
    }
  })
})

describe('admin', () => {
  test('GET /_sim/observables lists observables with active detections', async () => {
    const { body } = await admin('GET', '/_sim/observables?n=5')
    assert.equal(body.length, 5)
    assert.ok(
      body.some((item: any) => item.type === 'ip' && item.value === WELL_KNOWN_OBSERVABLES.ip),
    )
    for (const { value } of body) {
      const res = await api(
        `/detections/v1/detections?status=active&indicator_value=${encodeURIComponent(value)}`,
      )
      assert.ok(((await res.json()) as any).total_count > 0, value)
    }
  })

  test('PUT /_sim/faults replaces the rules; invalid ones are a 400', async () => {
    const set = await admin('PUT', '/_sim/faults', [{ fault: 'http-500', route: 'rules' }])
    assert.equal(set.status, 200)
    assert.deepEqual((await admin('GET', '/_sim/faults')).body, [
      { fault: 'http-500', route: 'rules' },
    ])
    assert.equal((await api('/detections/v1/rules')).status, 500)
    assert.equal((await admin('PUT', '/_sim/faults', [{ fault: 'nope' }])).status, 400)
    assert.equal((await admin('PUT', '/_sim/faults', [])).status, 200)
    assert.equal((await api('/detections/v1/rules')).status, 200)
  })

  test('urls name each API family under the one origin', () => {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal(sim.urls.detections, `${sim.url}/detections/v1/`)
    assert.equal(sim.urls.events, `${sim.url}/events/v2/`)
    assert.equal(sim.urls.entity, `${sim.url}/entity/v2/`)
    assert.equal(sim.urls.jwks, `${sim.url}/.well-known/jwks`)
    assert.equal(typeof sim.urls.portal, 'string')
    assert.equal(sim.ca, undefined)
  })
})
