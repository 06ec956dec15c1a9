/**
 * Why a token was refused, told to the caller and the operator: the expected audience and how
 * the relay derived it, the cause of a failed key download, the error codes in the request log.
 * And a dead key host costs one download attempt per cool-down, not one per request.
 */
import assert from 'node:assert/strict'
import { createServer, type Server, type Socket } from 'node:net'
import { Writable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { pino } from 'pino'
import { Agent } from 'undici'
import { createKeyResolver, type KeyResolver } from '../../src/auth/index.ts'
import { freePort } from '../support/free-port.ts'
import { type JwksServer, startJwksServer } from '../support/jwks-server.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'
import { createTestIssuer, type TestIssuer } from '../support/test-issuer.ts'

const API_KEY = 'SeCrEt-diag-KEY-4b8e2d'

let h: Harness
let keyServer: JwksServer
let issuer: TestIssuer
let forger: TestIssuer
let agent: Agent
let keys: KeyResolver
let deadHost: string
let resetting: Server
let resetHost: string
let connections = 0
const sockets = new Set<Socket>()
const resolverLines: string[] = []
const tokens: string[] = []
const answers: string[] = []
let now = Date.now()
let serial = 0

before(async () => {
  ;[issuer, forger] = await Promise.all([createTestIssuer(), createTestIssuer()])
  keyServer = await startJwksServer({ jwks: issuer.jwks() })
  agent = new Agent({ connect: { ca: keyServer.ca } })
  deadHost = `127.0.0.1:${await freePort()}`
  // Accepts and hangs up at once: a key host that is down, but counts every attempt.
  resetting = createServer((socket) => {
    connections += 1
    sockets.add(socket)
    socket.destroy()
  })
  await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', () => resolve()))
  const address = resetting.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  resetHost = `127.0.0.1:${address.port}`
  const sink = new Writable({
    write(chunk, _encoding, done) {
      resolverLines.push(String(chunk))
      done()
    },
  })
  keys = createKeyResolver({
    dispatcher: agent,
    clock: { now: () => now },
    logger: pino({ level: 'debug' }, sink),
  })
  h = await startHarness({
    sim: { apiKey: API_KEY },
    env: {
      JWKS_URL: '',
      JWKS_ALLOWED_HOSTS: [keyServer.host, deadHost, resetHost].join(','),
    },
    keys,
  })
})

after(async () => {
  await h.close()
  await keyServer.close()
  await agent.close()
  for (const socket of sockets) socket.destroy()
  await new Promise<void>((resolve) => resetting.close(() => resolve()))
})

async function sign(signer: TestIssuer, claims: Record<string, unknown> = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000)
  serial += 1
  const token = await signer.sign({
    jwks_host: keyServer.host,
    aud: h.relayUrl,
    key: API_KEY,
    iat,
    exp: iat + 3600,
    jti: `t-${serial}`,
    ...claims,
  })
  tokens.push(token)
  return token
}

async function refer(token: string) {
  const res = await h.post('/refer/observables', [{ type: 'ip', value: '45.77.51.101' }], {
    token,
  })
  answers.push(res.text)
  assert.equal(res.status, 200)
  return res.body
}

function reasonOf(body: any): string {
  assert.equal(body.errors?.length, 1, JSON.stringify(body))
  assert.equal(body.errors[0].code, 'authorization error')
  const message: string = body.errors[0].message
  assert.ok(message.startsWith('Authorization failed: '), message)
  return message.slice('Authorization failed: '.length)
}

function parsed(lines: string[]): Record<string, any>[] {
  return lines.map((line) => JSON.parse(line))
}

/** Request log lines, waiting for the one written after the answer went out. */
async function requestLines(from: number, count: number): Promise<Record<string, any>[]> {
  for (let turn = 0; turn < 1000; turn += 1) {
    const lines = parsed(h.logLines.slice(from)).filter((line) => line.msg === 'request')
    if (lines.length >= count) return lines
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  throw new Error(`fewer than ${count} request log lines`)
}

describe('the request log line carries the relay error codes', () => {
  test('an accepted request has no errors field', async () => {
    const from = h.logLines.length
    const body = await refer(await sign(issuer))
    assert.equal(body.errors, undefined, JSON.stringify(body))
    const [line] = await requestLines(from, 1)
    assert.equal(line?.level, 30)
    assert.equal(line?.status, 200)
    assert.equal('errors' in (line ?? {}), false)
  })

  test('a refused one lists "authorization error" at info', async () => {
    const from = h.logLines.length
    await refer(await sign(issuer, { aud: 'https://elsewhere.example' }))
    const [line] = await requestLines(from, 1)
    assert.equal(line?.level, 30)
    assert.deepEqual(line?.errors, ['authorization error'])
  })

  test('an unknown route lists "not found"', async () => {
    const from = h.logLines.length
    await h.post('/nowhere', {})
    const [line] = await requestLines(from, 1)
    assert.deepEqual(line?.errors, ['not found'])
  })
})

describe('a token for another audience', () => {
  test('names the audience the relay expected and where it came from', async () => {
    const reason = reasonOf(await refer(await sign(issuer, { aud: 'https://elsewhere.example' })))
    assert.equal(
      reason,
      `Wrong configuration-token-audience: the relay expected "${h.relayUrl}" (from the request's Host header) but the token is for "https://elsewhere.example"; set RELAY_PUBLIC_URL if XDR reaches the relay under another URL`,
    )
  })
})

describe('a key host that is down', () => {
  test('a closed port: the answer and one warn line name the URL and ECONNREFUSED', async () => {
    const from = resolverLines.length
    const reason = reasonOf(await refer(await sign(forger, { jwks_host: deadHost })))
    const url = `https://${deadHost}/.well-known/jwks`
    assert.equal(reason, `could not fetch keys from ${url}: ECONNREFUSED`)
    const warns = parsed(resolverLines.slice(from))
    assert.equal(warns.length, 1)
    assert.equal(warns[0]?.level, 40)
    assert.equal(warns[0]?.jwksUrl, url)
    assert.equal(warns[0]?.cause, 'ECONNREFUSED')
  })

  test('50 concurrent forged tokens cost one attempt; a second burst in the cool-down none', async () => {
    const burst = async () => {
      const forged = await Promise.all(
        Array.from({ length: 50 }, () => sign(forger, { jwks_host: resetHost })),
      )
      const bodies = await Promise.all(forged.map((token) => refer(token)))
      for (const body of bodies) {
        assert.match(
          reasonOf(body),
          new RegExp(
            `^could not fetch keys from https://${resetHost}/\\.well-known/jwks: [A-Z_]+$`,
          ),
        )
      }
    }
    const fetchesBefore = keys.fetchCount()
    const warnsBefore = resolverLines.length
    await burst()
    assert.equal(connections, 1, 'one connection for 50 requests')
    assert.equal(keys.fetchCount() - fetchesBefore, 1)
    await burst()
    assert.equal(connections, 1, 'no new connection within the cool-down')
    now += 5000
    await burst()
    assert.equal(connections, 2, 'one new attempt once the 5 s cool-down is over')
    now += 5000
    await burst()
    assert.equal(connections, 2, 'the cool-down grew to 10 s')
    assert.equal(resolverLines.length - warnsBefore, 2, 'one warn line per failed download')
  })

  test('known keys keep working while a refresh fails', async () => {
    const hits = keyServer.hits()
    const first = await refer(await sign(issuer))
    assert.equal(first.errors, undefined, JSON.stringify(first))
    keyServer.respondWith((_request, response) => response.writeHead(503).end())
    const from = resolverLines.length
    now += 11 * 60_000
    const during = await refer(await sign(issuer))
    assert.equal(during.errors, undefined, JSON.stringify(during))
    assert.equal(keyServer.hits() - hits, 1, 'the stale set was refreshed once')
    const warns = parsed(resolverLines.slice(from))
    assert.equal(warns.length, 1)
    assert.equal(warns[0]?.cause, 'HTTP 503')
    assert.equal(warns[0]?.knownKeys, true)
    assert.match(warns[0]?.msg, /known keys stay in use/)
    const again = await refer(await sign(issuer))
    assert.equal(again.errors, undefined)
    assert.equal(keyServer.hits() - hits, 1, 'no new attempt during the cool-down')
    keyServer.serveJson(issuer.jwks())
  })
})

describe('secrets', () => {
  test('no token, token part, API key or key material in any answer or log line', () => {
    const secrets = [
      API_KEY,
      String(issuer.publicJwk.n),
      String(forger.publicJwk.n),
      ...tokens.flatMap((token) => [token, ...token.split('.')]),
    ].filter((secret) => secret.length >= 8)
    const texts = [...h.logLines, ...resolverLines, ...answers]
    assert.ok(texts.length > 100)
    for (const text of texts) {
      for (const secret of secrets) {
        assert.equal(text.includes(secret), false, `a secret (${secret.length} chars) leaked`)
      }
    }
  })
})
