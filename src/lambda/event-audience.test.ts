import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { deriveAudience } from '../http/audience.ts'
import { audienceFromEvent, mountPathOfEvent } from './event-audience.ts'
import type { LambdaHttpEvent } from './lambda-event.ts'

const API_HOST = 'abc123.execute-api.eu-west-1.amazonaws.com'
const URL_HOST = 'xyz789.lambda-url.eu-west-1.on.aws'

function v2(stage: string, path: string, domainName = API_HOST): LambdaHttpEvent {
  const rawPath = stage === '$default' ? path : `/${stage}${path}`
  return {
    version: '2.0',
    rawPath,
    headers: { host: domainName },
    requestContext: { domainName, stage, http: { method: 'POST', path: rawPath } },
  }
}

function v1(stage: string, path: string, requestedPath?: string): LambdaHttpEvent {
  return {
    httpMethod: 'POST',
    path,
    headers: { Host: API_HOST },
    requestContext: {
      domainName: API_HOST,
      stage,
      ...(requestedPath === undefined ? {} : { path: requestedPath }),
    },
  }
}

/** The audience as app.ts computes it when RELAY_PUBLIC_URL is not set. */
function audience(event: LambdaHttpEvent): string {
  return deriveAudience(audienceFromEvent(event), { publicUrl: undefined, trustProxy: false })
}

describe('audienceFromEvent', () => {
  test('HTTP API on the $default stage: the execute-api origin', () => {
    assert.equal(audience(v2('$default', '/health')), `https://${API_HOST}`)
  })

  test('HTTP API on a named stage: origin plus /{stage}', () => {
    assert.equal(audience(v2('prod', '/health')), `https://${API_HOST}/prod`)
  })

  test('HTTP API domain comes from requestContext.domainName, not the Host header', () => {
    const event = v2('$default', '/health')
    event.headers = { host: 'spoofed.example' }
    assert.equal(audience(event), `https://${API_HOST}`)
  })

  test('HTTP API on a custom domain whose path does not carry the stage: no mount path', () => {
    const event = v2('prod', '/health', 'relay.example.com')
    event.rawPath = '/health'
    event.requestContext = { ...event.requestContext, http: { path: '/health' } }
    assert.equal(audience(event), 'https://relay.example.com')
  })

  test('Function URL: the lambda-url origin, never a stage', () => {
    assert.equal(audience(v2('$default', '/health', URL_HOST)), `https://${URL_HOST}`)
  })

  test('REST API: Host header plus the stage in front of the routed path', () => {
    assert.equal(audience(v1('prod', '/health', '/prod/health')), `https://${API_HOST}/prod`)
  })

  test('REST API without requestContext.path: /{stage}', () => {
    assert.equal(audience(v1('dev', '/health')), `https://${API_HOST}/dev`)
  })

  test('REST API on a custom domain with a base path mapping: the mapping, not the stage', () => {
    const event = v1('prod', '/health', '/relay/health')
    event.headers = { host: 'api.example.com' }
    assert.equal(audience(event), 'https://api.example.com/relay')
  })

  test('REST API on a custom domain without mapping: the bare origin', () => {
    const event = v1('prod', '/health', '/health')
    event.headers = { HOST: 'api.example.com' }
    assert.equal(audience(event), 'https://api.example.com')
  })

  test('REST API without a Host header falls back to requestContext.domainName', () => {
    const event = v1('prod', '/health', '/prod/health')
    event.headers = null
    assert.equal(audience(event), `https://${API_HOST}/prod`)
  })

  test('an event without a stage or a path has no mount path', () => {
    assert.equal(mountPathOfEvent({ version: '2.0', requestContext: { domainName: API_HOST } }), '')
    assert.equal(mountPathOfEvent({ httpMethod: 'GET', path: '/watchdog' }), '')
  })

  test('a stage name that is only a prefix of the first path segment is not a mount path', () => {
    const event = v2('prod', '/health')
    event.rawPath = '/production/health'
    event.requestContext = { ...event.requestContext, http: { path: '/production/health' } }
    assert.equal(mountPathOfEvent(event), '')
  })

  test('RELAY_PUBLIC_URL still wins over the event', () => {
    const source = audienceFromEvent(v2('prod', '/health'))
    const options = { publicUrl: 'https://relay.example.com/xdr', trustProxy: false }
    assert.equal(deriveAudience(source, options), 'https://relay.example.com/xdr')
  })
})
