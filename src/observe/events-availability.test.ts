import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GtiError } from '../gti/gti-error.ts'
import { createEventsAvailability, isEventsApiGone } from './events-availability.ts'

const failure = (details: Partial<ConstructorParameters<typeof GtiError>[1]>) =>
  new GtiError('failed', {
    kind: 'client',
    method: 'POST',
    url: 'https://events.example/v2/query',
    attempts: 1,
    ...details,
  })

describe('isEventsApiGone', () => {
  test('404, 410, 501 and an unknown host mean gone; other failures do not', () => {
    for (const status of [404, 410, 501]) assert.ok(isEventsApiGone(failure({ status })))
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND events.example'), {
      code: 'ENOTFOUND',
    })
    assert.ok(isEventsApiGone(failure({ kind: 'network', cause: dns })))
    for (const status of [400, 401, 403, 429, 500, 502, 503]) {
      assert.equal(isEventsApiGone(failure({ status })), false, String(status))
    }
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    assert.equal(isEventsApiGone(failure({ kind: 'network', cause: refused })), false)
    assert.equal(isEventsApiGone(failure({ kind: 'timeout' })), false)
    assert.equal(isEventsApiGone(new Error('404')), false)
  })
})

describe('createEventsAvailability', () => {
  test('a mark lasts the duration, per origin, on the injected clock', () => {
    let now = 1_000_000
    const availability = createEventsAvailability({ clock: { now: () => now } })
    const a = availability.gate('https://a.example')
    const b = availability.gate('https://b.example')
    assert.ok(a.isAvailable())
    a.markUnavailable()
    assert.equal(a.isAvailable(), false)
    assert.ok(b.isAvailable(), 'another origin is not affected')
    assert.equal(availability.gate('https://a.example').isAvailable(), false, 'shared per origin')
    now += 10 * 60 * 1000 - 1
    assert.equal(a.isAvailable(), false)
    now += 1
    assert.ok(a.isAvailable())
    const warning = a.warning()
    assert.equal(warning.code, 'events unavailable')
    assert.equal(warning.message, a.warning().message, 'one text, so a request carries it once')
  })
})
