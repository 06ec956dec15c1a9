/**
 * What an attacker or a hostile upstream tried in the adversarial review:
 * amplified answers, bodies before tokens, slow and crowding clients,
 * hang-ups, detection floods, huge lists, bare framework answers and markup.
 * Each test is one defect; limits are set small so no test takes long.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { generateDataset, HOSTILE_IP, withHostileObservable } from '../../src/simulator/index.ts'
import { assertEnvelope } from '../support/envelope-shape.ts'
import { closedWithin, openSocket, readAnswer } from '../support/raw-http.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

const hostile = { type: 'ip', value: HOSTILE_IP }

describe('answer size is bounded (defect 1)', () => {
  let h: Harness
  before(async () => {
    // Two events of 5,000 files: about 2 MB upstream, 60,000 relations in a naive answer.
    const dataset = withHostileObservable(generateDataset({ seed: 1, size: 'small' }), {
      events: 2,
      filesPerEvent: 5000,
    })
    h = await startHarness({
      sim: { dataset },
      env: { MAX_ANSWER_BYTES: String(256 * 1024), MAX_RELATIONS_PER_SIGHTING: '40' },
    })
  })
  after(() => h.close())

  test('relations per sighting and bytes per answer stay under their settings, with a warning', async () => {
    const res = await h.post('/observe/observables', [hostile])
    assert.equal(res.status, 200)
    assertEnvelope(res.body)
    assert.ok(
      Buffer.byteLength(res.text) <= 256 * 1024,
      `answer of ${Buffer.byteLength(res.text)} bytes`,
    )
    const sightings = res.body.data?.sightings?.docs ?? []
    assert.ok(sightings.length > 0, 'something is still shown')
    for (const sighting of sightings) assert.ok((sighting.relations?.length ?? 0) <= 40)
    const limits = (res.body.errors ?? []).filter((e: any) => e.code === 'limit reached')
    assert.ok(
      limits.some((e: any) => /relations/.test(e.message)),
      'a warning names the relations cut',
    )
  })
})

describe('answer bytes are bounded whatever the relations cap (defect 1)', () => {
  let h: Harness
  before(async () => {
    const dataset = withHostileObservable(generateDataset({ seed: 1, size: 'small' }), {
      events: 6,
      filesPerEvent: 100,
    })
    h = await startHarness({
      sim: { dataset },
      env: { MAX_ANSWER_BYTES: String(256 * 1024), MAX_RELATIONS_PER_SIGHTING: '100000' },
    })
  })
  after(() => h.close())

  test('an answer over MAX_ANSWER_BYTES keeps what fits and says what was left out', async () => {
    const res = await h.post('/observe/observables', [hostile])
    assert.equal(res.status, 200)
    assertEnvelope(res.body)
    assert.ok(
      Buffer.byteLength(res.text) <= 256 * 1024,
      `answer of ${Buffer.byteLength(res.text)} bytes`,
    )
    assert.ok((res.body.data?.sightings?.docs ?? []).length > 0, 'what fits is shown')
    const limits = (res.body.errors ?? []).filter((e: any) => e.code === 'limit reached')
    assert.ok(
      limits.some((e: any) => /MAX_ANSWER_BYTES/.test(e.message)),
      JSON.stringify(res.body.errors),
    )
  })
})

describe('the token is checked before the body is read (defect 2)', () => {
  let h: Harness
  before(async () => {
    h = await startHarness()
  })
  after(() => h.close())

  for (const authorization of [undefined, 'Bearer not-a-token', 'Basic abc']) {
    test(`${authorization ?? 'no Authorization'}: refused before any body byte is sent`, async () => {
      const socket = await openSocket(h.relayUrl)
      const auth = authorization === undefined ? '' : `Authorization: ${authorization}\r\n`
      // Headers announce 900 KB (under the body cap) and no body byte follows.
      socket.write(
        `POST /observe/observables HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 900000\r\n\r\n`,
      )
      const answer = await readAnswer(socket, 5000)
      socket.destroy()
      assert.ok(answer !== undefined, 'answered without waiting for the body')
      assert.equal(answer.status, 200)
      const body = JSON.parse(answer.body)
      assertEnvelope(body)
      assert.equal(body.errors[0].code, 'authorization error')
    })
  }
})

describe('slow clients are cut by the header and body timeouts, and logged (defect 3)', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ env: { HEADERS_TIMEOUT_MS: '300', BODY_TIMEOUT_MS: '600' } })
  })
  after(() => h.close())

  test('headers that never end get a JSON 408 and a log line', async () => {
    const socket = await openSocket(h.relayUrl)
    socket.write('POST /observe/observables HTTP/1.1\r\nHost: x\r\n')
    const answer = await readAnswer(socket, 5000)
    socket.destroy()
    assert.equal(answer?.status, 408)
    assertEnvelope(JSON.parse(answer?.body ?? ''))
    assert.ok(h.logLines.some((line) => line.includes('"refusal":"request timeout"')))
  })

  test('a body that never ends gets a JSON 408', async () => {
    const socket = await openSocket(h.relayUrl)
    socket.write(
      `POST /observe/observables HTTP/1.1\r\nHost: ${new URL(h.relayUrl).host}\r\nAuthorization: Bearer ${await h.token()}\r\nContent-Length: 100\r\n\r\n[{"type"`,
    )
    const answer = await readAnswer(socket, 5000)
    socket.destroy()
    assert.equal(answer?.status, 408)
    assertEnvelope(JSON.parse(answer?.body ?? ''))
  })
})

describe('connections are capped at MAX_CONNECTIONS, and refusals logged (defect 3)', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ env: { MAX_CONNECTIONS: '3' } })
  })
  after(() => h.close())

  test('the connection past the cap is closed at once; the relay serves again after', async () => {
    const held = await Promise.all([1, 2, 3].map(() => openSocket(h.relayUrl)))
    const extra = await openSocket(h.relayUrl)
    try {
      for (const socket of held) socket.write('POST /version HTTP/1.1\r\nHost: x\r\n')
      assert.equal(await closedWithin(extra, 3000), true, 'the fourth connection is refused')
      assert.ok(h.logLines.some((line) => line.includes('"refusal":"connection cap"')))
    } finally {
      for (const socket of [...held, extra]) socket.destroy()
    }
    await Promise.all(held.map((socket) => closedWithin(socket, 1000)))
    const again = await openSocket(h.relayUrl)
    again.write('POST /version HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n')
    const answer = await readAnswer(again, 5000)
    again.destroy()
    assert.equal(answer?.status, 200)
  })
})
