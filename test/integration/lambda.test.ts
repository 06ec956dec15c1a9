/**
 * The Lambda entry driven with API Gateway REST (payload 1.0), HTTP API (payload 2.0) and
 * Function URL events, against a real simulator. The handler module reads process.env once at
 * import, so the environment is set before importing it.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { relayEnvFor } from '../../src/cli/relay-env-lines.ts'
import type { LambdaHttpEvent, LambdaHttpResponse } from '../../src/lambda/lambda-event.ts'
import {
  type RunningSimulator,
  sampleObservables,
  startSimulator,
} from '../../src/simulator/index.ts'

const API_HOST = 'abc123.execute-api.eu-west-1.amazonaws.com'
const URL_HOST = 'xyz789.lambda-url.eu-west-1.on.aws'
const LAMBDA_ENTRY = fileURLToPath(new URL('../../src/entry/lambda.ts', import.meta.url))

type Handler = (event: LambdaHttpEvent, context: unknown) => Promise<LambdaHttpResponse>

interface Call {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string
  base64?: boolean
}

/** An HTTP API (payload 2.0) event; `stage` other than `$default` prefixes rawPath. */
function v2Event(call: Call, stage = '$default', domainName = API_HOST): LambdaHttpEvent {
  const rawPath = stage === '$default' ? call.path : `/${stage}${call.path}`
  const method = call.method ?? 'POST'
  return {
    version: '2.0',
    routeKey: 'ANY /{proxy+}',
    rawPath,
    rawQueryString: '',
    headers: {
      host: domainName,
      'content-type': 'application/json',
      'user-agent': 'Cisco XDR',
      'x-forwarded-proto': 'https',
      ...call.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: domainName.split('.')[0],
      domainName,
      domainPrefix: domainName.split('.')[0],
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.10' },
      requestId: 'Q1aAbCdEfGhIjKl=',
      routeKey: 'ANY /{proxy+}',
      stage,
      timeEpoch: 0,
    },
    pathParameters: { proxy: call.path.slice(1) },
    isBase64Encoded: call.base64 === true,
    ...(call.body === undefined ? {} : { body: call.body }),
  }
}

/** A Function URL event: payload 2.0 without routes, always the `$default` stage. */
function functionUrlEvent(call: Call): LambdaHttpEvent {
  const event = v2Event(call, '$default', URL_HOST)
  event.routeKey = '$default'
  event.requestContext = { ...event.requestContext, routeKey: '$default' }
  delete event.pathParameters
  return event
}

/** A REST API (payload 1.0) event on the execute-api host, stage `stage`. */
function v1Event(call: Call, stage = 'prod'): LambdaHttpEvent {
  const method = call.method ?? 'POST'
  const headers: Record<string, string> = {
    Host: API_HOST,
    'Content-Type': 'application/json',
    'X-Forwarded-Proto': 'https',
    ...call.headers,
  }
  return {
    resource: '/{proxy+}',
    path: call.path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: call.path.slice(1) },
    stageVariables: null,
    requestContext: {
      resourcePath: '/{proxy+}',
      httpMethod: method,
      path: `/${stage}${call.path}`,
      stage,
      domainName: API_HOST,
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      identity: { sourceIp: '192.0.2.10' },
    },
    body: call.body ?? null,
    isBase64Encoded: call.base64 === true,
  }
}

const context = { awsRequestId: 'test-invocation', functionName: 'gti-relay-test' }

function json(response: LambdaHttpResponse): any {
  const text = response.isBase64Encoded
    ? Buffer.from(response.body, 'base64').toString('utf8')
    : response.body
  return JSON.parse(text)
}

describe('Lambda handler', () => {
  let sim: RunningSimulator
  let handler: Handler
  let observables: Array<{ type: string; value: string }>

  before(async () => {
    sim = await startSimulator()
    observables = sampleObservables(sim.dataset, 1)
    for (const name of ['RELAY_PUBLIC_URL', 'JWKS_ALLOWED_HOSTS', 'GTI_REGION', 'TRUST_PROXY']) {
      delete process.env[name]
    }
    Object.assign(process.env, {
      ...relayEnvFor(sim.urls),
      LOG_LEVEL: 'error',
    })
    ;({ handler } = (await import('../../src/entry/lambda.ts')) as { handler: Handler })
  })

  after(async () => {
    await sim.close()
  })

  const bearer = async (aud: string) => ({
    authorization: `Bearer ${await sim.signToken({ aud, key: sim.apiKey })}`,
  })

  test('payload 2.0 POST /version answers the package version without a token', async () => {
    const response = await handler(v2Event({ path: '/version' }), context)
    assert.equal(response.statusCode, 200)
    assert.match(response.headers['content-type'] ?? '', /application\/json/)
    assert.match(json(response).version, /^\d+\.\d+\.\d+/)
  })

  test('an event that is not HTTP as the relay knows it gets the envelope, not a failed invocation', async () => {
    for (const odd of [
      { ...v2Event({ path: '/version' }), body: { not: 'text' } },
      { ...v1Event({ method: 'GET', path: '/watchdog' }), multiValueHeaders: { accept: 'x' } },
      { ...v2Event({ path: '/version' }), requestContext: { http: { method: 42 } } },
    ]) {
      const response = await handler(odd as never, context)
      assert.equal(response.statusCode, 200, JSON.stringify(odd).slice(0, 120))
      const body = JSON.parse(response.body ?? '')
      assert.equal(body.errors?.[0]?.code, 'invalid argument', response.body)
      assert.match(body.errors[0].message, /not an HTTP event/)
    }
  })

  test('payload 1.0 GET /watchdog echoes the Health-Check header', async () => {
    const event = v1Event({ method: 'GET', path: '/watchdog', headers: { 'Health-Check': 'xdr' } })
    const response = await handler(event, context)
    assert.equal(response.statusCode, 200)
    assert.deepEqual(json(response), { data: 'xdr' })
  })

  test('Function URL GET /watchdog without the header is a health check failure', async () => {
    const response = await handler(functionUrlEvent({ method: 'GET', path: '/watchdog' }), context)
    assert.equal(response.statusCode, 200)
    assert.equal(json(response).errors[0].code, 'health check failed')
  })

  test('payload 2.0 observe end to end, audience = the execute-api origin ($default)', async () => {
    const event = v2Event({
      path: '/observe/observables',
      headers: await bearer(`https://${API_HOST}`),
      body: JSON.stringify(observables),
    })
    const response = await handler(event, context)
    assert.equal(response.statusCode, 200)
    const body = json(response)
    assert.equal(body.errors, undefined, JSON.stringify(body.errors))
    assert.ok(body.data.sightings.count > 0, 'the simulator knows this observable')
  })

  test('payload 2.0 on a named stage: audience and routing both use /{stage}', async () => {
    const call = {
      path: '/refer/observables',
      headers: await bearer(`https://${API_HOST}/prod`),
      body: JSON.stringify([{ type: 'ip', value: '192.0.2.1' }]),
    }
    const response = await handler(v2Event(call, 'prod'), context)
    assert.equal(response.statusCode, 200)
    assert.equal(json(response).data[0].id, 'ref-gti-search-ip-192.0.2.1')
  })

  test('payload 1.0 REST API: audience = origin + /{stage}', async () => {
    const event = v1Event({
      path: '/refer/observables',
      headers: await bearer(`https://${API_HOST}/prod`),
      body: JSON.stringify([{ type: 'domain', value: 'example.com' }]),
    })
    const response = await handler(event, context)
    assert.equal(response.statusCode, 200)
    assert.equal(json(response).data.length, 1)
  })

  test('Function URL: audience = the lambda-url origin; health proves the key', async () => {
    const event = functionUrlEvent({
      path: '/health',
      headers: await bearer(`https://${URL_HOST}`),
    })
    const response = await handler(event, context)
    assert.equal(response.statusCode, 200)
    assert.deepEqual(json(response), { data: { status: 'ok' } })
  })

  test('a token for another audience is an authorization error (HTTP 200)', async () => {
    for (const aud of [`https://${API_HOST}/prod`, `https://${URL_HOST}`, `http://${API_HOST}`]) {
      const event = v2Event({ path: '/health', headers: await bearer(aud) })
      const response = await handler(event, context)
      assert.equal(response.statusCode, 200)
      const [error] = json(response).errors
      assert.equal(error.code, 'authorization error')
      assert.match(error.message, /Wrong configuration-token-audience/)
    }
  })

  test('a base64-encoded body is decoded before parsing', async () => {
    const body = JSON.stringify([{ type: 'sha256', value: 'a'.repeat(64) }])
    const event = v2Event({
      path: '/refer/observables',
      headers: await bearer(`https://${API_HOST}`),
      body: Buffer.from(body, 'utf8').toString('base64'),
      base64: true,
    })
    const response = await handler(event, context)
    assert.equal(response.statusCode, 200)
    assert.equal(json(response).data[0].id, `ref-gti-search-sha256-${'a'.repeat(64)}`)
  })

  test('an unknown route answers 404 with a JSON error', async () => {
    const response = await handler(v2Event({ path: '/enrich/observables' }), context)
    assert.equal(response.statusCode, 404)
    assert.equal(json(response).errors[0].code, 'not found')
  })

  test('a wrong method answers 405', async () => {
    const response = await handler(v1Event({ method: 'GET', path: '/health' }), context)
    assert.equal(response.statusCode, 405)
    assert.equal(json(response).errors[0].code, 'method not allowed')
  })

  test('invalid settings: every event answers 500 naming the setting, and the log says so', () => {
    const script = [
      `const { handler } = await import(${JSON.stringify(LAMBDA_ENTRY)})`,
      `const response = await handler({ version: '2.0', rawPath: '/version', requestContext: { http: { method: 'POST' } } }, {})`,
      `process.stdout.write('RESULT ' + JSON.stringify(response) + '\\n')`,
    ].join('\n')
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        env: { PATH: process.env.PATH, GTI_REGION: 'mars' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    )
    assert.equal(child.status, 0, child.stderr)
    const lines = child.stdout.trim().split('\n')
    const result = lines.find((line) => line.startsWith('RESULT '))
    assert.ok(result, child.stdout)
    const response = JSON.parse(result.slice('RESULT '.length)) as LambdaHttpResponse
    assert.equal(response.statusCode, 500)
    const [error] = json(response).errors
    assert.equal(error.code, 'internal error')
    assert.match(error.message, /GTI_REGION/)
    const log = lines.filter((line) => !line.startsWith('RESULT ')).map((line) => JSON.parse(line))
    assert.ok(log.some((line) => line.level === 50 && /GTI_REGION/.test(line.setting)))
  })
})
