/**
 * Random requests against a real relay and simulator: whatever the method,
 * path, headers, token or body, the relay answers without a 5xx, with a JSON
 * envelope, and keeps serving.
 */
import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { WELL_KNOWN_OBSERVABLES } from '../../src/simulator/index.ts'
import { assertEnvelope } from '../support/envelope-shape.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

let h: Harness
let relay: URL

before(async () => {
  // The deadline bounds any upstream trouble a random value might trigger.
  h = await startHarness({ env: { REQUEST_TIMEOUT_MS: '3000', MAX_OBSERVABLES: '200' } })
  relay = new URL(h.relayUrl)
})
after(async () => {
  await h.close()
})

interface Answer {
  status: number
  text: string
}

/** One request on a fresh connection; node:http sends the path as given (no normalising). */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Answer> {
  // Without a length Node streams DELETE/OPTIONS bodies unframed, which is not HTTP the relay
  // could be blamed for misreading.
  const framed =
    body === undefined ? headers : { ...headers, 'content-length': String(body.length) }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: relay.hostname, port: relay.port, method, path, headers: framed, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** Printable ASCII stays as is (so `..`, `%00`, `;` reach the server raw); the rest is %-encoded. */
function rawPath(text: string): string {
  let out = ''
  for (const char of text) {
    out += /^[\x21-\x7e]$/.test(char) ? char : encodeURIComponent(char).replace(/%25/g, '%')
  }
  return out
}

/** Header values Node can send: Latin-1 without control characters. */
function headerSafe(text: string): string {
  return text.replace(/[^\t\x20-\x7e\x80-\xff]/g, '')
}

const b64url = (value: string) => Buffer.from(value).toString('base64url')

const WELL_KNOWN_VALUES = Object.values(WELL_KNOWN_OBSERVABLES) as string[]
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const
const ROUTES = ['/health', '/observe/observables', '/refer/observables', '/version', '/watchdog']

const hex = (length: number) =>
  fc.string({
    unit: fc.constantFrom(...'0123456789abcdefABCDEF'),
    minLength: length,
    maxLength: length,
  })

// Values that look like observables, values that attack an IQL string or a URL, and noise.
const stringValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WELL_KNOWN_VALUES) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'http-500.fault.test',
      'malformed-json.fault.test',
      'reset.fault.test',
      "a'b.example",
      'a\\b.example',
      "x' or uuid = '1",
      "ip = '10.0.0.1' OR ip != ''",
      "\\'",
      '\u0000',
      'evil.example\r\nX-Injected: 1',
      '\u202eexample.com',
      '10.0.0.1',
      '::1',
      '2001:db8::1',
      '..%2f..%2fetc',
      'bücher.example',
      'xn--bcher-kva.example',
    ),
  },
  { weight: 2, arbitrary: fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain(), hex(32), hex(40), hex(64)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
)

const stringType = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('ip', 'domain', 'md5', 'sha1', 'sha256') },
  { weight: 1, arbitrary: fc.constantFrom('url', 'IP', 'Domain', 'email', '', ' ') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
)

// Lists XDR could send (string type and value, extra keys allowed) with hostile values...
const wellFormedList = fc.array(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        ...Object.entries(WELL_KNOWN_OBSERVABLES).map(([type, value]) => ({ type, value })),
      ),
    },
    { weight: 8, arbitrary: fc.record({ type: stringType, value: stringValue }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: stringType,
        value: stringValue,
        extra: fc.jsonValue({ maxDepth: 2 }),
      }),
    },
  ),
  { minLength: 1, maxLength: 8 },
)

// ...and lists that break the payload contract somewhere.
const hostileList = fc.array(
  fc.oneof(
    fc.record(
      {
        type: fc.oneof(stringType, fc.jsonValue({ maxDepth: 1 })),
        value: fc.oneof(stringValue, fc.jsonValue({ maxDepth: 2 })),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  { maxLength: 8 },
)

const observableList = fc.oneof(
  { weight: 3, arbitrary: wellFormedList },
  { weight: 1, arbitrary: hostileList },
)

const nested = fc
  .tuple(fc.integer({ min: 1, max: 200_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  )

const bodyArb: fc.Arbitrary<Buffer | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: observableList.map((list) => Buffer.from(JSON.stringify(list))) },
  { weight: 2, arbitrary: fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? '')) },
  {
    weight: 1,
    arbitrary: observableList.chain((list) => {
      const text = JSON.stringify(list)
      return fc.nat(text.length).map((cut) => Buffer.from(text.slice(0, cut)))
    }),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s)),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: nested.map((text) => Buffer.from(text)) },
)

// Claims a configuration token may carry, of every JSON type.
const claimsArb = fc.record(
  {
    CTR_ENTITIES_LIMIT: fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom('5', ' +3 ', '1e3', '-1', '0x10', 2.9, 1e300, -0, '99999999999999999999'),
    ),
    GTI_ALLOW_TEST_ACCOUNTS: fc.jsonValue({ maxDepth: 1 }),
    key: fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.string({ maxLength: 30 })),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
)

type AuthPlan =
  | { kind: 'none' }
  | { kind: 'raw'; value: string }
  | { kind: 'valid'; claims: Record<string, unknown> }

const authArb: fc.Arbitrary<AuthPlan> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('', 'Bearer ', 'bearer ', 'Basic ', 'Bearer  '),
        fc.string({ maxLength: 60 }),
      )
      .map(([scheme, rest]) => ({ kind: 'raw' as const, value: headerSafe(`${scheme}${rest}`) })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), fc.base64String())
      .map(([header, payload, signature]) => ({
        kind: 'raw' as const,
        value: `Bearer ${b64url(JSON.stringify(header) ?? '')}.${b64url(JSON.stringify(payload) ?? '')}.${signature.replace(/[+/=]/g, '')}`,
      })),
  },
  { weight: 3, arbitrary: claimsArb.map((claims) => ({ kind: 'valid' as const, claims })) },
  { weight: 6, arbitrary: fc.constant({ kind: 'valid' as const, claims: {} }) },
)

const extraHeadersArb = fc.record(
  {
    'content-type': fc.oneof(
      fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
      ),
      fc.string({ maxLength: 30 }).map(headerSafe),
    ),
    'health-check': fc.string({ maxLength: 30 }).map(headerSafe),
    accept: fc.constantFrom('*/*', 'text/html', 'application/xml'),
    // A body claiming gzip is refused before any route runs; rare, so most bodies reach a route.
    'content-encoding': fc.constantFrom('gzip', 'identity', 'br', 'identity', 'identity'),
  },
  { requiredKeys: ['accept'] },
)

async function headersFor(auth: AuthPlan, extra: Record<string, string>) {
  const headers: Record<string, string> = { ...extra }
  if (auth.kind === 'raw') headers.authorization = auth.value
  if (auth.kind === 'valid') headers.authorization = `Bearer ${await h.token(auth.claims)}`
  return headers
}

let watchdogCount = 0

/** No error-level (crash) log line since `from`: checked by each test for its own requests. */
function assertNoCrashSince(from: number): void {
  const crashes = h.logLines.slice(from).filter((line) => JSON.parse(line).level >= 50)
  assert.deepEqual(crashes, [])
}

/**
 * The invariants of every answer, then proof that the server still serves. True when the answer
 * carried sightings (proof that a valid token reached the observe logic).
 */
async function check(method: string, path: string, answer: Answer): Promise<boolean> {
  let withSightings = false
  const context = `${method} ${path.slice(0, 120)} → ${answer.status} ${answer.text.slice(0, 300)}`
  assert.ok(answer.status < 500, context)
  assert.ok([200, 404, 405, 413].includes(answer.status), context)
  if (method === 'HEAD') {
    assert.equal(answer.text, '', context)
  } else {
    let body: unknown
    assert.doesNotThrow(() => {
      body = JSON.parse(answer.text)
    }, context)
    assertEnvelope(body, context)
    withSightings = (body as { data?: { sightings?: unknown } }).data?.sightings !== undefined
  }
  watchdogCount += 1
  const probe = `still-alive-${watchdogCount}`
  const alive = await send('GET', '/watchdog', { 'health-check': probe })
  assert.equal(alive.status, 200)
  assert.deepEqual(JSON.parse(alive.text), { data: probe })
  return withSightings
}

const suffixArb = fc.constantFrom('', '/', '?', '?x=1', '//', '?a=%00&b=%zz')

describe('fuzz: every route', () => {
  for (const route of ROUTES) {
    const method = route === '/watchdog' ? 'GET' : 'POST'
    const runs = route === '/observe/observables' ? 150 : 100
    test(`${method} ${route}: random bodies and headers never break the envelope`, async () => {
      const from = h.logLines.length
      let answersWithSightings = 0
      await fc.assert(
        fc.asyncProperty(
          bodyArb,
          authArb,
          extraHeadersArb,
          suffixArb,
          async (body, auth, extra, suffix) => {
            const path = `${route}${suffix}`
            // node:http refuses a body on GET; a GET body is not what XDR sends anyway.
            const payload = method === 'GET' ? undefined : body
            const answer = await send(method, path, await headersFor(auth, extra), payload)
            if (await check(method, path, answer)) answersWithSightings += 1
          },
        ),
        { numRuns: runs },
      )
      if (route === '/observe/observables') {
        assert.ok(
          answersWithSightings > 0,
          'no fuzzed request reached ThreatINSIGHT and found data',
        )
      }
      assertNoCrashSince(from)
    })
  }

  test('a path that cannot be decoded is a JSON 404, like any unknown route', async () => {
    for (const path of ['/%zz', '/observe/%E0%A4%A', '/refer/observables%', '/%C0%AE%']) {
      const answer = await send('POST', path, {})
      assert.equal(answer.status, 404, path)
      const body = JSON.parse(answer.text)
      assertEnvelope(body, path)
      assert.equal(body.errors[0].code, 'not found')
    }
  })

  test('random methods and paths (.., %00, bad escapes, unicode, very long)', async () => {
    const from = h.logLines.length
    const segment = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          'observe',
          'observables',
          'refer',
          'health',
          'version',
          'watchdog',
        ),
      },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          '..',
          '.',
          '%00',
          '%zz',
          '%',
          '%2e%2e',
          '%2F',
          '',
          ';',
          '~',
          '?',
          '#x',
          '*',
          '%E2%80%AE',
          '%C0%AE',
          'deliberate',
          'respond',
          'trigger',
          '_sim',
        ),
      },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map(rawPath) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map(rawPath) },
      { weight: 1, arbitrary: fc.integer({ min: 200, max: 20_000 }).map((n) => 'a'.repeat(n)) },
    )
    const pathArb = fc
      .tuple(
        fc.oneof(fc.constantFrom(...ROUTES), fc.constant('')),
        fc.array(segment, { maxLength: 6 }),
      )
      .map(([start, parts]) => `${start}/${parts.join('/')}`)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.oneof(pathArb, fc.constantFrom(...ROUTES)),
        bodyArb,
        authArb,
        extraHeadersArb,
        async (method, path, body, auth, extra) => {
          const payload = method === 'GET' || method === 'HEAD' ? undefined : body
          const answer = await send(method, path, await headersFor(auth, extra), payload)
          await check(method, path, answer)
        },
      ),
      { numRuns: 200 },
    )
    assertNoCrashSince(from)
  })

  test('near-limit bodies: 200 observables of about 5 KB each, and a 900 KB string', async () => {
    const token = await h.token()
    const many = Array.from({ length: 200 }, (_, i) => ({
      type: i % 2 === 0 ? 'url' : 'domain',
      value: `${'x'.repeat(5000)}-${i}`,
    }))
    const wide = Buffer.from(JSON.stringify(many))
    assert.ok(wide.length < 1024 * 1024)
    const huge = Buffer.from(JSON.stringify([{ type: 'ip', value: '\u0001'.repeat(150_000) }]))
    assert.ok(huge.length > 800_000 && huge.length < 1024 * 1024)
    h.sim.resetStats()
    for (const route of ['/observe/observables', '/refer/observables']) {
      for (const body of [wide, huge]) {
        const answer = await send('POST', route, { authorization: `Bearer ${token}` }, body)
        await check('POST', route, answer)
        assert.equal(answer.status, 200)
      }
    }
    assert.equal(h.sim.stats().total, 0, 'invalid values never reach ThreatINSIGHT')
  })
})
