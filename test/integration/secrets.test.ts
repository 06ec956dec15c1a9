/**
 * Neither the configuration token nor the ThreatINSIGHT API key ever shows:
 * not in any answer, not in any log line, not in the errors the client makes,
 * even when ThreatINSIGHT echoes the key back.
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { inspect } from 'node:util'
import { pino } from 'pino'
import { createGtiClient, type GtiError } from '../../src/gti/index.ts'
import { startSimulator, WELL_KNOWN_OBSERVABLES } from '../../src/simulator/index.ts'
import { freePort } from '../support/free-port.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

// Recognisable, header-safe, and unlike anything the relay would print by itself.
const API_KEY = 'SeCrEt-gti-KEY-7f3a9c1e5b'
const HEALTHY = Object.entries(WELL_KNOWN_OBSERVABLES).map(([type, value]) => ({ type, value }))

let h: Harness
const answers: string[] = []
const tokens: string[] = []

/** The strings that must never appear: the key, each token, each token part. */
function secrets(): string[] {
  const parts = tokens.flatMap((token) => [token, ...token.split('.')])
  return [API_KEY, encodeURIComponent(API_KEY), ...parts].filter((part) => part.length >= 8)
}

function assertNoSecret(text: string, where: string): void {
  for (const secret of secrets()) {
    assert.equal(text.includes(secret), false, `a secret (${secret.length} chars) is in ${where}`)
  }
  assert.doesNotMatch(text, /IBToken (?!\[redacted\])|"authorization"|bearer [^\s"]/i, where)
}

async function signed(claims: Record<string, unknown> = {}): Promise<string> {
  const token = await h.token({ key: API_KEY, ...claims })
  tokens.push(token)
  return token
}

async function post(
  harness: Harness,
  path: string,
  body: unknown,
  init: { token?: string | null; raw?: string } = {},
) {
  const res = await harness.post(path, body, init)
  answers.push(res.text)
  return res
}

before(async () => {
  h = await startHarness({ sim: { apiKey: API_KEY }, env: { REQUEST_TIMEOUT_MS: '1500' } })
})
after(async () => {
  await h.close()
})

describe('secrets stay out of answers and logs', () => {
  test('a sample of every kind of request, success and failure', async () => {
    const token = await signed({ CTR_ENTITIES_LIMIT: 5 })
    const faultValues = ['http-500', 'malformed-json', 'reset', 'hang', 'http-429', 'http-401']
    await post(h, '/observe/observables', HEALTHY, { token })
    await post(h, '/health', undefined, { token })
    await post(h, '/refer/observables', HEALTHY, { token })
    for (const fault of faultValues) {
      await post(
        h,
        '/observe/observables',
        [...HEALTHY, { type: 'domain', value: `${fault}.fault.test` }],
        {
          token,
        },
      )
    }
    for (const route of ['dhcp', 'detection-events', 'events-query', 'detections'] as const) {
      h.sim.setFaults([{ fault: 'http-500', route }])
      await post(h, '/observe/observables', HEALTHY.slice(0, 2), { token })
    }
    // ThreatINSIGHT refusing exactly this key.
    h.sim.setFaults([{ fault: 'http-403', apiKey: API_KEY }])
    await post(h, '/observe/observables', HEALTHY.slice(0, 1), { token })
    await post(h, '/health', undefined, { token })
    h.sim.setFaults([])

    // Tokens the relay refuses still carry the key in their payload.
    const now = Math.floor(Date.now() / 1000)
    for (const claims of [
      { aud: 'https://elsewhere.example' },
      { exp: now - 3600 },
      { nbf: now + 3600 },
      { jwks_host: 'evil.example' },
      { key: `${API_KEY} with spaces` },
    ]) {
      await post(h, '/observe/observables', HEALTHY.slice(0, 1), { token: await signed(claims) })
    }
    const [head, payload] = token.split('.')
    for (const broken of [
      `${head}.${payload}.`,
      `${head}.${payload}`,
      `${payload}`,
      `${token}x`,
      `${token}.${token}`,
    ]) {
      await post(h, '/observe/observables', HEALTHY.slice(0, 1), { token: broken })
    }
    await post(h, '/observe/observables', undefined, { token, raw: `{"key": "${API_KEY}"` })
    await post(h, '/observe/observables', [{ type: 'ip', value: API_KEY }], { token })
    await post(h, '/nowhere', undefined, { token })
    await post(h, '/version', undefined, { token })

    assert.ok(answers.length > 25)
    assert.ok(h.logLines.length > answers.length, 'the relay logged')
    // The value the caller sent may come back (it names what was skipped); nothing else may.
    const echoed = answers.filter((text) => !text.includes(`Skipped ip \\"${API_KEY}\\"`))
    assert.equal(echoed.length, answers.length - 1)
    for (const [i, text] of echoed.entries()) assertNoSecret(text, `answer ${i}`)
    for (const [i, line] of h.logLines.entries()) assertNoSecret(line, `log line ${i}`)
  })

  test('transport failures: refused connection and an untrusted certificate', async () => {
    const tls = await startSimulator({ https: true, apiKey: API_KEY, dataset: h.sim.dataset })
    const closed = `http://127.0.0.1:${await freePort()}`
    try {
      for (const origin of [tls.url, closed]) {
        const broken = await startHarness({
          sim: { apiKey: API_KEY, dataset: h.sim.dataset },
          env: {
            GTI_DETECTIONS_API_URL: `${origin}/detections/v1/`,
            GTI_EVENTS_API_URL: `${origin}/events/v2/`,
            REQUEST_TIMEOUT_MS: '1500',
          },
        })
        try {
          const token = await broken.token({ key: API_KEY })
          tokens.push(token)
          const res = await broken.post('/observe/observables', HEALTHY.slice(0, 2), { token })
          assert.match(res.text, /connection error/)
          assertNoSecret(res.text, 'answer')
          const health = await broken.post('/health', undefined, { token })
          assertNoSecret(health.text, 'health answer')
          for (const [i, line] of broken.logLines.entries()) assertNoSecret(line, `log line ${i}`)
        } finally {
          await broken.close()
        }
      }
    } finally {
      await tls.close()
    }
  })
})

describe('errors made by the ThreatINSIGHT client', () => {
  let echo: Server
  let echoUrl: string

  before(async () => {
    // An upstream that puts the key it was sent into every answer.
    echo = createServer((req, res) => {
      const sent = String(req.headers.authorization ?? '')
      const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('indicator_value'))
      res.writeHead(Number.isInteger(status) && status > 0 ? status : 200, {
        'content-type': 'application/json',
      })
      res.end(
        status > 0
          ? JSON.stringify({ error: { message: `key ${sent} is bad; ${API_KEY}` } })
          : JSON.stringify({ detections: `${sent} ${API_KEY}` }),
      )
    })
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`
  })
  after(async () => {
    await new Promise<void>((resolve) => echo.close(() => resolve()))
  })

  async function failure(run: () => Promise<unknown>): Promise<GtiError> {
    try {
      await run()
    } catch (error) {
      return error as GtiError
    }
    assert.fail('the call succeeded')
  }

  function assertErrorClean(error: GtiError, label: string): void {
    assert.equal(error.name, 'GtiError', label)
    const logged: string[] = []
    const logger = pino({ level: 'trace' }, { write: (line: string) => void logged.push(line) })
    logger.error({ err: error }, 'failed')
    const views = [
      error.message,
      String(error),
      error.stack ?? '',
      JSON.stringify(error),
      inspect(error, { depth: Number.POSITIVE_INFINITY }),
      inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      ...logged,
    ]
    for (const [i, view] of views.entries()) assertNoSecret(view, `${label}, view ${i}`)
  }

  test('status, echo, malformed, reset, hang, refused, TLS: no view of the error holds the key', async () => {
    const sim = await startSimulator({ apiKey: API_KEY, dataset: h.sim.dataset })
    const tls = await startSimulator({ https: true, apiKey: API_KEY, dataset: h.sim.dataset })
    const closed = `http://127.0.0.1:${await freePort()}`
    const clientFor = (origin: string) =>
      createGtiClient({
        settings: {
          ...h.settings.gti,
          detectionsUrl: `${origin}/detections/v1/`,
          eventsUrl: `${origin}/events/v2/`,
          entityUrl: `${origin}/entity/v2/`,
          callTimeoutMs: 500,
        },
      })
    const clients = {
      sim: clientFor(sim.url),
      tls: clientFor(tls.url),
      closed: clientFor(closed),
      echo: createGtiClient({
        settings: { ...h.settings.gti, detectionsUrl: `${echoUrl}/`, callTimeoutMs: 500 },
        retry: { limit: 0 },
      }),
    }
    const call = () => ({ apiKey: API_KEY, deadlineMs: Date.now() + 1500 })
    try {
      const cases: [string, () => Promise<unknown>][] = [
        ['500', () => clients.sim.detections(call(), 'http-500.fault.test')],
        ['429', () => clients.sim.detections(call(), 'http-429.fault.test')],
        ['malformed', () => clients.sim.detections(call(), 'malformed-json.fault.test')],
        ['reset', () => clients.sim.detections(call(), 'reset.fault.test')],
        ['hang', () => clients.sim.detections(call(), 'hang.fault.test')],
        ['refused', () => clients.closed.detections(call(), WELL_KNOWN_OBSERVABLES.ip)],
        ['tls', () => clients.tls.probe(call())],
        ['echo 401', () => clients.echo.detections(call(), '401')],
        ['echo 500', () => clients.echo.detections(call(), '500')],
        ['echo 400', () => clients.echo.detections(call(), '400')],
        ['echo shape', () => clients.echo.detections(call(), 'x')],
        ['bad key', () => clients.sim.probe({ apiKey: `${API_KEY} ü` })],
      ]
      for (const [label, run] of cases) assertErrorClean(await failure(run), label)
    } finally {
      await Promise.all(Object.values(clients).map((client) => client.close()))
      await sim.close()
      await tls.close()
    }
  })
})
