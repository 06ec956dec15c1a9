import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { routableEvent } from './event-path.ts'
import type { LambdaHttpEvent } from './lambda-event.ts'

function v2(stage: string, rawPath: string): LambdaHttpEvent {
  return {
    version: '2.0',
    rawPath,
    requestContext: { domainName: 'a.example', stage, http: { method: 'POST', path: rawPath } },
  }
}

describe('routableEvent', () => {
  test('takes a named stage off the payload 2.0 rawPath', () => {
    assert.equal(
      routableEvent(v2('prod', '/prod/observe/observables')).rawPath,
      '/observe/observables',
    )
  })

  test('the stage alone becomes the root path', () => {
    assert.equal(routableEvent(v2('prod', '/prod')).rawPath, '/')
  })

  test('leaves $default stages, Function URLs and the original event alone', () => {
    const event = v2('$default', '/version')
    assert.equal(routableEvent(event), event)
    const staged = v2('prod', '/prod/version')
    routableEvent(staged)
    assert.equal(staged.rawPath, '/prod/version')
  })

  test('leaves REST API (payload 1.0) events alone: their path is already below the stage', () => {
    const event: LambdaHttpEvent = {
      httpMethod: 'POST',
      path: '/version',
      requestContext: { stage: 'prod', path: '/prod/version' },
    }
    assert.equal(routableEvent(event), event)
  })
})
