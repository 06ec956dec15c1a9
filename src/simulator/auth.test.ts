import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type RunningSimulator, startSimulator } from './start-simulator.ts'

const AUTH_ERROR = {
  error: { code: 'client.invalid_authentication', message: 'Authentication is invalid.' },
}
let sim: RunningSimulator

async function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sim.url}${path}`, { headers })
  return { status: res.status, body: await res.json() }
}

before(async () => {
  sim = await startSimulator({
    apiKey: 'primary-key',
    apiKeys: ['second-key'],
    forbiddenKeys: ['read-only-key'],
    size: { events: 20, detections: 6 },
  })
})
after(() => sim.close())

describe('API key authentication', () => {
  const routes = [
    '/detections/v1/detections',
    '/detections/v1/events?detection_uuid=x',
    '/detections/v1/rules',
    '/entity/v1/entity/10.1.70.2/dhcp',
    '/sensor/v1/sensors',
  ]

  test('missing, malformed or unknown keys answer 401 with the upstream body', async () => {
    for (const path of routes) {
      for (const headers of [
        {},
        { authorization: 'Bearer primary-key' },
        { authorization: 'IBToken' },
        { authorization: 'IBToken wrong-key' },
        { cookie: 'IBToken=wrong-key' },
      ]) {
        const { status, body } = await get(path, headers)
        assert.equal(status, 401, `${path} ${JSON.stringify(headers)}`)
        assert.deepEqual(body, AUTH_ERROR)
      }
    }
    const post = await fetch(`${sim.url}/events/v2/query`, { method: 'POST', body: '{}' })
    assert.equal(post.status, 401)
  })

  test('a forbidden key answers 403 with the same body shape', async () => {
    const { status, body } = await get(routes[0] as string, {
      authorization: 'IBToken read-only-key',
    })
    assert.equal(status, 403)
    assert.deepEqual(body, AUTH_ERROR)
  })

  test('accepted: the header (any scheme case), the cookie, extra keys', async () => {
    assert.equal(sim.apiKey, 'primary-key')
    for (const headers of [
      { authorization: 'IBToken primary-key' },
      { authorization: 'ibtoken second-key' },
      { cookie: 'theme=dark; IBToken=primary-key' },
    ]) {
      assert.equal((await get(routes[0] as string, headers)).status, 200, JSON.stringify(headers))
    }
  })

  test('the JWKS needs no key; unknown routes answer 404 JSON, wrong methods 405', async () => {
    assert.equal((await get('/.well-known/jwks')).status, 200)
    const missing = await get('/detections/v2/nothing', { authorization: 'IBToken primary-key' })
    assert.equal(missing.status, 404)
    assert.equal(missing.body.error.code, 'client.not_found')
    const res = await fetch(`${sim.url}/detections/v1/detections`, { method: 'POST', body: '{}' })
    assert.equal(res.status, 405)
    assert.equal(typeof ((await res.json()) as any).error.message, 'string')
  })
})
