/**
 * Operators can tell why ThreatINSIGHT failed: a wrong API key answers the authorization error
 * XDR shows, and one warn line names the cause without the key.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { WELL_KNOWN_OBSERVABLES } from '../../src/simulator/index.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

const WRONG_KEY = 'wrong-key-4f1c9a7e2b'

function warnLines(h: Harness, from: number): any[] {
  return h.logLines
    .slice(from)
    .map((line) => JSON.parse(line))
    .filter((line) => line.level === 40 && line.msg === 'ThreatINSIGHT call failed')
}

describe('a wrong ThreatINSIGHT API key', () => {
  let h: Harness

  before(async () => {
    h = await startHarness()
  })

  after(async () => {
    await h.close()
  })

  for (const [route, body] of [
    ['/observe/observables', [{ type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }]],
    ['/health', undefined],
  ] as const) {
    test(`${route}: "Authorization failed: Authentication is invalid." and one warn line`, async () => {
      const from = h.logLines.length
      const token = await h.token({ key: WRONG_KEY })
      const res = await h.post(route, body, { token })
      assert.equal(res.status, 200)
      assert.deepEqual(res.body, {
        errors: [
          {
            code: 'authorization error',
            message: 'Authorization failed: Authentication is invalid.',
            type: 'fatal',
          },
        ],
      })
      const warns = warnLines(h, from)
      assert.equal(warns.length, 1, JSON.stringify(warns))
      const upstream = warns[0].upstream
      assert.equal(upstream.code, 'authorization error')
      assert.equal(upstream.kind, 'authentication')
      assert.equal(upstream.status, 401)
      assert.match(upstream.method, /^(GET|POST)$/)
      assert.match(upstream.path, /^\/[^?]*$/, 'the path only, no query values')
      const logged = h.logLines.slice(from).join('\n')
      assert.equal(logged.includes(WRONG_KEY), false, 'the key is in no log line')
      assert.equal(logged.includes(token), false, 'the token is in no log line')
      assert.equal(logged.includes(WELL_KNOWN_OBSERVABLES.ip), false, 'no observable either')
    })
  }

  test('a working key logs no upstream warning', async () => {
    const from = h.logLines.length
    const res = await h.post('/observe/observables', [
      { type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip },
    ])
    assert.equal(res.body.errors, undefined)
    assert.deepEqual(warnLines(h, from), [])
  })
})
