import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { z } from 'zod'
import { type StubUpstream, sendJson, startStubUpstream } from '../../test/support/stub-server.ts'
import type { Settings } from '../config/settings.ts'
import { createGtiEndpoints, type GtiCall } from './gti-calls.ts'
import { createGtiClient, type GtiClient } from './gti-client.ts'

function settingsFor(origin: string, eventsUrl?: string): Settings['gti'] {
  return {
    detectionsUrl: `${origin}/detections/v1`,
    eventsUrl,
    entityUrl: `${origin}/entity/v1/`,
    portalUrl: 'https://portal.example',
    eventsLookbackDays: 7,
    callTimeoutMs: 2000,
    connectionsPerOrigin: 2,
  }
}

const resolve: GtiCall<undefined> = {
  api: 'detections',
  method: 'PUT',
  path: 'detections/:uuid/resolve',
  answer: 'empty',
}

describe('the call table', () => {
  test('paths resolve under their API base; params are one encoded segment; queries keep order', () => {
    const endpoints = createGtiEndpoints(settingsFor('https://gti.example'))
    const address = endpoints.address(resolve, {
      params: { uuid: 'a/b?c' },
      query: [
        ['x', '1'],
        ['x', '2'],
      ],
    })
    assert.equal(address.origin, 'https://gti.example')
    assert.equal(address.path, '/detections/v1/detections/a%2Fb%3Fc/resolve?x=1&x=2')
    assert.throws(() => endpoints.address(resolve), /needs the parameter uuid/)
  })

  test('a call to an API the region lacks is refused before anything is sent', () => {
    const endpoints = createGtiEndpoints(settingsFor('https://gti.example'))
    assert.equal(endpoints.has('events'), false)
    const query: GtiCall<unknown> = {
      api: 'events',
      method: 'POST',
      path: 'query',
      answer: 'empty',
    }
    assert.throws(() => endpoints.address(query), TypeError)
  })
})

describe('GtiClient.request', () => {
  let stub: StubUpstream
  let client: GtiClient

  beforeEach(async () => {
    stub = await startStubUpstream()
    client = createGtiClient({ settings: settingsFor(stub.origin), sleep: async () => {} })
  })

  afterEach(async () => {
    await client.close()
    await stub.close()
  })

  test('a PUT with a JSON body and an empty 204 answer', async () => {
    stub.handle = (_req, res) => {
      res.writeHead(204)
      res.end()
    }
    const answer = await client.request({ apiKey: 'k' }, resolve, {
      params: { uuid: 'd-1' },
      body: { resolution: 'true_positive_mitigated' },
    })
    assert.equal(answer, undefined)
    assert.equal(stub.requests.length, 1)
    const [sent] = stub.requests
    assert.equal(sent?.method, 'PUT')
    assert.equal(sent?.url, '/detections/v1/detections/d-1/resolve')
    assert.equal(sent?.headers['content-type'], 'application/json')
    assert.deepEqual(JSON.parse(sent?.body ?? ''), { resolution: 'true_positive_mitigated' })
  })

  test('a schema answer is validated; a wrong shape is a malformed answer', async () => {
    const paged: GtiCall<{ total: number }> = {
      api: 'entity',
      method: 'GET',
      path: 'pdns',
      answer: z.object({ total: z.number() }),
    }
    stub.handle = (_req, res) => sendJson(res, 200, { total: 3 })
    assert.deepEqual(await client.request({ apiKey: 'k' }, paged, { query: [['entity', 'x']] }), {
      total: 3,
    })
    assert.equal(stub.requests[0]?.url, '/entity/v1/pdns?entity=x')
    stub.handle = (_req, res) => sendJson(res, 200, { total: 'three' })
    await assert.rejects(client.request({ apiKey: 'k' }, paged), { kind: 'malformed' })
  })
})
