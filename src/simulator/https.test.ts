import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Agent, request } from 'undici'
import { DetectionsAnswerSchema } from '../gti/schemas.ts'
import { type RunningSimulator, startSimulator } from './start-simulator.ts'

let sim: RunningSimulator
let trusting: Agent
let untrusting: Agent

before(async () => {
  sim = await startSimulator({ https: true, size: { events: 20, detections: 6 } })
  trusting = new Agent({ connect: { ca: sim.ca ?? '' } })
  untrusting = new Agent()
})
after(async () => {
  await Promise.all([trusting.close(), untrusting.close()])
  await sim.close()
})

describe('HTTPS mode', () => {
  test('serves HTTPS with a certificate that the exposed CA verifies', async () => {
    assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/)
    assert.match(sim.ca ?? '', /^-----BEGIN CERTIFICATE-----/)
    const res = await request(`${sim.urls.detections}detections?include=rules`, {
      dispatcher: trusting,
      headers: { authorization: `IBToken ${sim.apiKey}` },
    })
    assert.equal(res.statusCode, 200)
    DetectionsAnswerSchema.parse(await res.body.json())
  })

  test('the certificate also names localhost', async () => {
    // Checks the name without depending on how this machine resolves localhost.
    const byName = new Agent({ connect: { ca: sim.ca ?? '', servername: 'localhost' } })
    try {
      const res = await request(sim.urls.jwks, { dispatcher: byName })
      assert.equal(res.statusCode, 200)
      await res.body.dump()
    } finally {
      await byName.close()
    }
  })

  test('a client without the CA refuses the certificate', async () => {
    await assert.rejects(
      request(sim.urls.jwks, { dispatcher: untrusting }),
      (error: Error & { code?: string }) => {
        assert.match(String(error.code ?? error.message), /CERT|SELF_SIGNED|VERIFY/i)
        return true
      },
    )
  })
})
