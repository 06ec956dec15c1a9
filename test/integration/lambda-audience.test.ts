/**
 * The Lambda entry tells which audience rule it applies, at start and in the refusal of a
 * token for another audience.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { relayEnvFor } from '../../src/cli/relay-env-lines.ts'
import { createLambdaHandler, type LambdaHandler } from '../../src/lambda/create-lambda-handler.ts'
import type { LambdaHttpEvent } from '../../src/lambda/lambda-event.ts'
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.ts'

const API_HOST = 'abc123.execute-api.eu-west-1.amazonaws.com'

let sim: RunningSimulator
let handler: LambdaHandler
const lines: Record<string, unknown>[] = []

before(async () => {
  sim = await startSimulator({})
  handler = await createLambdaHandler(
    { ...relayEnvFor(sim.urls), LOG_LEVEL: 'info' },
    { destination: { write: (line: string) => void lines.push(JSON.parse(line)) } },
  )
})
after(async () => {
  await sim.close()
})

function event(token: string): LambdaHttpEvent {
  return {
    version: '2.0',
    routeKey: 'ANY /{proxy+}',
    rawPath: '/prod/refer/observables',
    rawQueryString: '',
    headers: {
      host: API_HOST,
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    },
    requestContext: {
      domainName: API_HOST,
      http: { method: 'POST', path: '/prod/refer/observables' },
      stage: 'prod',
    },
    body: JSON.stringify([{ type: 'ip', value: '45.77.51.101' }]),
    isBase64Encoded: false,
  } as LambdaHttpEvent
}

describe('the Lambda audience rule', () => {
  test('is logged at start', () => {
    const rule = lines.find((line) => line.msg === 'configuration-token audience')
    assert.equal(rule?.level, 30)
    assert.match(String(rule?.audience), /event's domain name/)
  })

  test('is named when a token is for another URL', async () => {
    const ok = await handler(event(await sim.signToken({ aud: `https://${API_HOST}/prod` })), {})
    assert.equal(JSON.parse(ok.body).errors, undefined, ok.body)
    const wrong = await handler(event(await sim.signToken({ aud: `https://${API_HOST}` })), {})
    const body = JSON.parse(wrong.body)
    assert.equal(
      body.errors?.[0]?.message,
      `Authorization failed: Wrong configuration-token-audience: the relay expected "https://${API_HOST}/prod" (from the Lambda event's domain name and API Gateway stage) but the token is for "https://${API_HOST}"; set RELAY_PUBLIC_URL if XDR reaches the relay under another URL`,
    )
  })
})
