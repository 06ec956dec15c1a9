/**
 * What an attacker or a hostile upstream tried in the adversarial review:
 * amplified answers, bodies before tokens, slow and crowding clients,
 * hang-ups, detection floods, huge lists, bare framework answers and markup.
 * Each test is one defect; limits are set small so no test takes long.
 */
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { after, before, describe, test } from 'node:test'
import {
  generateDataset,
  HOSTILE_IP,
  type HostileOptions,
  WELL_KNOWN_OBSERVABLES,
  withHostileObservable,
} from '../../src/simulator/index.ts'
import { assertEnvelope } from '../support/envelope-shape.ts'
import { closedWithin, openSocket, readAnswer } from '../support/raw-http.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

const hostile = { type: 'ip', value: HOSTILE_IP }

/** The small generated tenant with the hostile observable built from `options`. */
const hostileDataset = (options: HostileOptions) =>
  withHostileObservable(generateDataset({ seed: 1, size: 'small' }), options)

/** The `limit reached` warnings of an answer body. */
const limitWarnings = (body: any): any[] =>
  (body.errors ?? []).filter((e: any) => e.code === 'limit reached')

/** Observes the hostile IP and checks the answer is an envelope of at most `maxBytes`. */
async function observeHostileWithin(h: Harness, maxBytes: number) {
  const res = await h.post('/observe/observables', [hostile])
  assert.equal(res.status, 200)
  assertEnvelope(res.body)
  const bytes = Buffer.byteLength(res.text)
  assert.ok(bytes <= maxBytes, `answer of ${bytes} bytes`)
  return res
}

describe('answer size is bounded (defect 1)', () => {
  let h: Harness
  before(async () => {
    // Two events of 5,000 files: about 2 MB upstream, 60,000 relations in a naive answer.
    const dataset = hostileDataset({ events: 2, filesPerEvent: 5000 })
    h = await startHarness({
      sim: { dataset },
      env: { MAX_ANSWER_BYTES: String(256 * 1024), MAX_RELATIONS_PER_SIGHTING: '40' },
    })
  })
  after(() => h.close())

  test('relations per sighting and bytes per answer stay under their settings, with a warning', async () => {
    const res = await observeHostileWithin(h, 256 * 1024)
    const sightings = res.body.data?.sightings?.docs ?? []
    assert.ok(sightings.length > 0, 'something is still shown')
    for (const sighting of sightings) assert.ok((sighting.relations?.length ?? 0) <= 40)
    const limits = limitWarnings(res.body)
    assert.ok(
      limits.some((e: any) => /relations/.test(e.message)),
      'a warning names the relations cut',
    )
  })
})

describe('answer bytes are bounded whatever the relations cap (defect 1)', () => {
  let h: Harness
  before(async () => {
    const dataset = hostileDataset({ events: 6, filesPerEvent: 100 })
    h = await startHarness({
      sim: { dataset },
      env: { MAX_ANSWER_BYTES: String(256 * 1024), MAX_RELATIONS_PER_SIGHTING: '100000' },
    })
  })
  after(() => h.close())

  test('an answer over MAX_ANSWER_BYTES keeps what fits and says what was left out', async () => {
    const res = await observeHostileWithin(h, 256 * 1024)
    assert.ok((res.body.data?.sightings?.docs ?? []).length > 0, 'what fits is shown')
    const limits = limitWarnings(res.body)
    assert.ok(
      limits.some((e: any) => /MAX_ANSWER_BYTES/.test(e.message)),
      JSON.stringify(res.body.errors),
    )
  })
})

describe('an upstream answer over GTI_MAX_ANSWER_BYTES is refused unread (defect 1)', () => {
  let h: Harness
  before(async () => {
    // Three events of 1,000 files: each events answer is about 450 KB, over a 64 KiB cap, while
    // the detections page (one detection) stays well under it.
    const dataset = hostileDataset({ events: 3, filesPerEvent: 1000 })
    h = await startHarness({ sim: { dataset }, env: { GTI_MAX_ANSWER_BYTES: String(64 * 1024) } })
  })
  after(() => h.close())

  test('the observable gets a warning naming the setting, its neighbour its sightings, and /watchdog answers', async () => {
    const good = { type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }
    const res = await h.post('/observe/observables', [hostile, good])
    assert.equal(res.status, 200)
    assertEnvelope(res.body)
    const refused = (res.body.errors ?? []).filter(
      (e: any) => e.code === 'unexpected response' && /GTI_MAX_ANSWER_BYTES/.test(e.message),
    )
    const messages = refused.map((e: any) => String(e.message))
    assert.ok(
      messages.some((m: string) => m.includes('events of detection') && m.includes(HOSTILE_IP)),
      JSON.stringify(res.body.errors),
    )
    assert.ok(
      messages.some((m: string) => m.includes('events search') && m.includes(HOSTILE_IP)),
      JSON.stringify(res.body.errors),
    )
    assert.ok(
      !messages.some((m: string) => m.includes(WELL_KNOWN_OBSERVABLES.ip)),
      'the neighbour is not charged for the refusal',
    )
    const sightings = res.body.data?.sightings?.docs ?? []
    assert.ok(
      sightings.some((s: any) =>
        (s.observables ?? []).some((o: any) => o.value === WELL_KNOWN_OBSERVABLES.ip),
      ),
      'the ordinary observable is still answered',
    )
    // Only the refused events name this host: nothing of them reached the answer.
    assert.ok(!res.text.includes('hostile.example'), 'nothing of a refused answer is shown')
    const watchdog = await fetch(`${h.relayUrl}/watchdog`, { headers: { 'Health-Check': '1' } })
    assert.equal(watchdog.status, 200)
    assert.deepEqual(await watchdog.json(), { data: '1' })
    const errorLines = h.logLines.filter((line) => JSON.parse(line).level >= 50)
    assert.deepEqual(errorLines, [], 'a refused answer is a warning, not an unexpected failure')
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

/** Upload `bytes` with node:http (Content-Length or chunked) and read the answer, if any. */
function upload(
  url: string,
  token: string,
  bytes: number,
  chunked: boolean,
): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    }
    if (!chunked) headers['content-length'] = String(bytes)
    const req = request(`${url}/observe/observables`, { method: 'POST', headers, agent: false })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      )
      res.on('error', (error) => resolve({ error: error.message }))
    })
    req.on('error', (error: Error & { code?: string }) =>
      resolve({ error: error.code ?? error.message }),
    )
    // Everything is written at once, as a client that does not wait for an early answer does.
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    for (let sent = 0; sent < bytes; sent += chunk.length) req.write(chunk)
    req.end()
  })
}

describe('an oversized body gets its 413, not a broken pipe (defect 4)', () => {
  let h: Harness
  before(async () => {
    h = await startHarness()
  })
  after(() => h.close())

  for (const chunked of [false, true]) {
    test(`7 MB ${chunked ? 'chunked' : 'with Content-Length'}: the JSON 413 is read every time`, async () => {
      const token = await h.token()
      const outcomes = []
      for (let i = 0; i < 10; i++)
        outcomes.push(await upload(h.relayUrl, token, 7 * 1024 * 1024, chunked))
      for (const outcome of outcomes) {
        assert.ok(
          'status' in outcome,
          `a connection error instead of the answer: ${JSON.stringify(outcome)}`,
        )
        assert.equal(outcome.status, 413)
        assert.equal(JSON.parse(outcome.body).errors[0].code, 'payload too large')
      }
    })
  }

  test('after the 413 the relay keeps reading the rest of the body before it closes', async () => {
    const socket = await openSocket(h.relayUrl, true)
    const errors: string[] = []
    socket.on('error', (error: Error & { code?: string }) => errors.push(error.code ?? 'error'))
    const total = 3 * 1024 * 1024
    socket.write(
      `POST /observe/observables HTTP/1.1\r\nHost: ${new URL(h.relayUrl).host}\r\nAuthorization: Bearer ${await h.token()}\r\nContent-Length: ${total}\r\n\r\n`,
    )
    socket.write(Buffer.alloc(256 * 1024, 0x20))
    const answer = await readAnswer(socket, 5000)
    assert.equal(answer?.status, 413)
    // A client busy uploading sends on after the answer: that must not be met by a reset.
    await new Promise((resolve) => setTimeout(resolve, 300))
    await new Promise<void>((resolve) =>
      socket.write(Buffer.alloc(total - 256 * 1024, 0x20), () => resolve()),
    )
    socket.end()
    await closedWithin(socket, 5000)
    assert.deepEqual(errors, [], 'no reset while the client finishes its upload')
  })
})

describe('a client hang-up cancels the upstream work (defect 6)', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({
      env: { GTI_CALL_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '60000', IDLE_TIMEOUT_MS: '90000' },
    })
  })
  after(() => h.close())

  test('the socket closes mid-request: the hanging upstream calls are abandoned', async () => {
    const body = JSON.stringify([{ type: 'domain', value: 'hang.fault.test' }])
    const socket = await openSocket(h.relayUrl)
    socket.write(
      `POST /observe/observables HTTP/1.1\r\nHost: ${new URL(h.relayUrl).host}\r\nAuthorization: Bearer ${await h.token()}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
    const inFlight = async (want: (n: number) => boolean): Promise<number> => {
      for (let i = 0; i < 100; i++) {
        const n = h.sim.stats().inFlight
        if (want(n)) return n
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return h.sim.stats().inFlight
    }
    assert.ok((await inFlight((n) => n > 0)) > 0, 'the lookup reached the simulator')
    socket.destroy()
    assert.equal(await inFlight((n) => n === 0), 0, 'no upstream call outlives the client')
  })
})

describe('detection fan-out is bounded, newest detections first (defect 7)', () => {
  const dataset = hostileDataset({ detections: 100, events: 1 })
  const cases = [
    { env: { MAX_DETECTION_CALLS_PER_OBSERVABLE: '10' }, calls: 10 },
    { env: { MAX_DETECTION_CALLS_PER_REQUEST: '4' }, calls: 4 },
  ]
  for (const { env, calls } of cases) {
    test(`${Object.keys(env)[0]}: ${calls} events calls for 100 detections, with a warning`, async () => {
      const h = await startHarness({ sim: { dataset }, env })
      try {
        h.sim.resetStats()
        const res = await h.post('/observe/observables', [hostile], {
          token: await h.token({ CTR_ENTITIES_LIMIT: 1000 }),
        })
        assertEnvelope(res.body)
        assert.equal(h.sim.stats().byRoute['detection-events'], calls)
        const limits = limitWarnings(res.body)
        assert.ok(
          limits.some((e: any) => /detection/.test(e.message)),
          res.text.slice(0, 500),
        )
        assert.ok((res.body.data?.sightings?.docs ?? []).length > 0)
      } finally {
        await h.close()
      }
    })
  }
})

describe('huge lists in events do not crash a lookup (defect 8)', () => {
  let h: Harness
  before(async () => {
    // 200,000 list entries on an indicator path: past the engine's limit on spread arguments.
    const dataset = hostileDataset({ paddingFiles: 200_000, indicatorField: 'http:files.sha256' })
    h = await startHarness({ sim: { dataset } })
  })
  after(() => h.close())

  test('an event with 200,000 files is walked, the observable answered', async () => {
    const res = await h.post('/observe/observables', [hostile])
    assert.equal(res.status, 200)
    assertEnvelope(res.body)
    const codes = (res.body.errors ?? []).map((e: any) => e.code)
    assert.ok(!codes.includes('internal error'), JSON.stringify(res.body.errors))
    assert.ok((res.body.data?.sightings?.docs ?? []).length > 0)
    assert.ok(!h.logLines.some((line) => line.includes('"level":50')), 'no unexpected failure')
  })
})

describe('answers Node would give bare are JSON (defect 9)', () => {
  let h: Harness
  before(async () => {
    h = await startHarness()
  })
  after(() => h.close())

  const cases = [
    { name: 'no Host header', head: 'POST /version HTTP/1.1\r\n', status: 400 },
    {
      name: 'an unknown Expect',
      head: 'POST /version HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n',
      status: 417,
    },
  ]
  for (const { name, head, status } of cases) {
    test(`${name}: HTTP ${status} with the JSON envelope`, async () => {
      const socket = await openSocket(h.relayUrl)
      socket.write(`${head}Content-Length: 0\r\n\r\n`)
      const answer = await readAnswer(socket, 5000)
      socket.destroy()
      assert.equal(answer?.status, status)
      assert.match(answer?.headers['content-type'] ?? '', /application\/json/)
      const body = JSON.parse(answer?.body ?? '')
      assertEnvelope(body)
      assert.equal(body.errors[0].code, 'invalid argument')
    })
  }
})

describe('markup from rules and events is neutralised (defect 10)', () => {
  let h: Harness
  before(async () => {
    const dataset = hostileDataset({
      ruleDescription:
        'See [the runbook](javascript:alert(1)) or [docs](https://example.com/x).\n\n<img src=x onerror=alert(2)> ![i](data:text/html,x)\n[ref]: javascript:alert(3)',
      uri: 'javascript:alert(4)//x',
    })
    h = await startHarness({ sim: { dataset } })
  })
  after(() => h.close())

  test('no raw HTML, no link to a non-http target, no javascript: URL observable', async () => {
    const res = await h.post('/observe/observables', [hostile])
    assertEnvelope(res.body)
    const indicator = (res.body.data?.indicators?.docs ?? []).find(
      (doc: any) => doc.title === 'Hostile amplification rule',
    )
    assert.ok(indicator !== undefined, 'the rule is shown')
    const description: string = indicator.description
    assert.ok(!description.includes('<'), 'raw HTML is escaped')
    // A markdown link or definition whose target is not http(s) must not survive unescaped.
    assert.doesNotMatch(description, /(^|[^\\])\]\(\s*<?(?!https?:\/\/)/i)
    assert.doesNotMatch(description, /^\s*\[[^\]]*\]:\s*(?!https?:\/\/)/im)
    assert.match(description, /\[docs\]\(https:\/\/example\.com\/x\)/, 'http links are kept')
    for (const sighting of res.body.data.sightings.docs) {
      for (const relation of sighting.relations ?? []) {
        for (const side of [relation.source, relation.related]) {
          if (side.type === 'url') assert.match(side.value, /^https?:\/\//)
        }
      }
    }
  })
})
