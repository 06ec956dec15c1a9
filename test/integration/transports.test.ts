/**
 * The HTTP server and the Lambda handler answer through one dispatch core: the same request
 * gets the same status, headers that matter (content type, allow) and body bytes from both.
 * Both run against the same simulator with the same settings; RELAY_PUBLIC_URL fixes the token
 * audience so one token is good for both.
 */
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import type { DestinationStream } from 'pino'
import { relayEnvFor } from '../../src/cli/relay-env-lines.ts'
import { createLambdaHandler, type LambdaHandler } from '../../src/lambda/create-lambda-handler.ts'
import type { LambdaHttpEvent } from '../../src/lambda/lambda-event.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

const PUBLIC_URL = 'https://relay.example.com'
const API_HOST = 'abc123.execute-api.eu-west-1.amazonaws.com'
const MAX_BODY_BYTES = 4096

interface Exchange {
  name: string
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
}

interface Seen {
  status: number
  contentType: string | null
  allow: string | null
  body: string
}

function event(exchange: Exchange): LambdaHttpEvent {
  const [rawPath = '/', rawQueryString = ''] = exchange.path.split('?')
  const body = exchange.body ?? ''
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: {
      host: API_HOST,
      ...(body === '' ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
      ...exchange.headers,
    },
    requestContext: {
      domainName: API_HOST,
      stage: '$default',
      http: { method: exchange.method, path: rawPath },
    },
    isBase64Encoded: false,
    ...(body === '' ? {} : { body }),
  }
}

describe('server and Lambda answer alike', () => {
  let harness: Harness
  let handler: LambdaHandler
  let token: string

  before(async () => {
    const env = { RELAY_PUBLIC_URL: PUBLIC_URL, MAX_BODY_BYTES: String(MAX_BODY_BYTES) }
    harness = await startHarness({ env })
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() })
    handler = await createLambdaHandler(
      { ...relayEnvFor(harness.sim.urls), ...env },
      { destination: silent as unknown as DestinationStream },
    )
    token = await harness.sim.signToken({ aud: PUBLIC_URL, key: harness.sim.apiKey })
  })

  after(async () => {
    await harness.close()
  })

  async function viaServer(exchange: Exchange): Promise<Seen> {
    const response = await fetch(`${harness.relayUrl}${exchange.path}`, {
      method: exchange.method,
      headers: exchange.headers ?? {},
      ...(exchange.body === undefined ? {} : { body: exchange.body }),
    })
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      allow: response.headers.get('allow'),
      body: await response.text(),
    }
  }

  async function viaLambda(exchange: Exchange): Promise<Seen> {
    const response = await handler(event(exchange), {})
    return {
      status: response.statusCode,
      contentType: response.headers['content-type'] ?? null,
      allow: response.headers.allow ?? null,
      body: response.body,
    }
  }

  const json = { 'content-type': 'application/json' }
  const refer = JSON.stringify([{ type: 'ip', value: '192.0.2.1' }])
  const cases = (): Exchange[] => {
    const bearer = { ...json, authorization: `Bearer ${token}` }
    return [
      {
        name: 'a good request',
        method: 'POST',
        path: '/refer/observables',
        headers: bearer,
        body: refer,
      },
      { name: 'a health check', method: 'POST', path: '/health', headers: bearer },
      {
        name: 'a bad token',
        method: 'POST',
        path: '/refer/observables',
        headers: { ...json, authorization: 'Bearer not.a.jwt' },
        body: refer,
      },
      { name: 'no token', method: 'POST', path: '/refer/observables', headers: json, body: refer },
      {
        name: 'bad JSON',
        method: 'POST',
        path: '/refer/observables',
        headers: bearer,
        body: '[{"type":',
      },
      {
        name: 'an oversized body',
        method: 'POST',
        path: '/refer/observables',
        headers: bearer,
        body: `[${' '.repeat(MAX_BODY_BYTES)}]`,
      },
      {
        name: 'a bad token and an oversized body',
        method: 'POST',
        path: '/refer/observables',
        headers: { ...json, authorization: 'Bearer x' },
        body: ' '.repeat(MAX_BODY_BYTES + 1),
      },
      {
        name: 'a malformed content type',
        method: 'POST',
        path: '/refer/observables',
        headers: { ...bearer, 'content-type': 'json' },
        body: refer,
      },
      {
        name: 'no content type',
        method: 'POST',
        path: '/refer/observables',
        headers: { authorization: `Bearer ${token}` },
        body: refer,
      },
      {
        name: 'an unknown route',
        method: 'POST',
        path: '/enrich/observables',
        headers: json,
        body: '[]',
      },
      { name: 'an undecodable path', method: 'POST', path: '/%zz', headers: json },
      { name: 'a wrong method', method: 'GET', path: '/health' },
      {
        name: 'a wrong method on a GET route',
        method: 'PUT',
        path: '/watchdog',
        headers: json,
        body: '{}',
      },
      { name: 'OPTIONS', method: 'OPTIONS', path: '/observe/observables' },
      { name: 'a method the server framework does not route', method: 'PROPFIND', path: '/health' },
      {
        name: 'the watchdog',
        method: 'GET',
        path: '/watchdog',
        headers: { 'health-check': 'xdr' },
      },
      { name: 'the watchdog without its header', method: 'GET', path: '/watchdog' },
      {
        name: 'HEAD on the watchdog',
        method: 'HEAD',
        path: '/watchdog',
        headers: { 'health-check': 'xdr' },
      },
      { name: 'version, slashes and a query', method: 'POST', path: '//version/?x=1' },
      {
        name: 'a tile',
        method: 'POST',
        path: '/tiles/tile',
        headers: bearer,
        body: '{"tile_id":"nope"}',
      },
    ]
  }

  test('every request gets the same answer from both transports', async () => {
    for (const exchange of cases()) {
      const server = await viaServer(exchange)
      const lambda = await viaLambda(exchange)
      assert.deepEqual(lambda, server, exchange.name)
    }
  })

  test('the answers are the relay envelope, with the statuses of the contract', async () => {
    const seen = new Map<string, Seen>()
    for (const exchange of cases()) seen.set(exchange.name, await viaLambda(exchange))
    const code = (name: string) => JSON.parse(seen.get(name)?.body ?? '{}').errors?.[0]?.code
    assert.equal(seen.get('a good request')?.status, 200)
    assert.equal(JSON.parse(seen.get('a good request')?.body ?? '').errors, undefined)
    assert.equal(code('a bad token'), 'authorization error')
    assert.equal(code('bad JSON'), 'invalid argument')
    assert.equal(seen.get('an oversized body')?.status, 413)
    assert.equal(code('a bad token and an oversized body'), 'authorization error')
    assert.equal(seen.get('an unknown route')?.status, 404)
    assert.equal(seen.get('a wrong method')?.status, 405)
    assert.equal(seen.get('a wrong method')?.allow, 'POST')
    assert.equal(seen.get('a wrong method on a GET route')?.allow, 'GET, HEAD')
    assert.equal(seen.get('a method the server framework does not route')?.status, 405)
    assert.equal(seen.get('HEAD on the watchdog')?.body, '')
    assert.match(seen.get('version, slashes and a query')?.body ?? '', /"version":"\d+\.\d+\.\d+/)
  })
})
