/**
 * Configuration-token authentication over real HTTP, with keys fetched from
 * a real HTTPS key server (as XDR's would be) named by the token's jwks_host.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { SignJWT } from 'jose'
import { Agent } from 'undici'
import { AUTH_REASONS, createKeyResolver } from '../../src/auth/index.ts'
import { type JwksServer, startJwksServer } from '../support/jwks-server.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'
import { createTestIssuer, type TestIssuer } from '../support/test-issuer.ts'

let h: Harness
let keyServer: JwksServer
let issuer: TestIssuer
let agent: Agent

before(async () => {
  issuer = await createTestIssuer()
  keyServer = await startJwksServer({ jwks: issuer.jwks() })
  agent = new Agent({ connect: { ca: keyServer.ca } })
  h = await startHarness({
    env: { JWKS_URL: '', JWKS_ALLOWED_HOSTS: `${keyServer.host},visibility.amp.cisco.com` },
    keys: createKeyResolver({ dispatcher: agent }),
  })
})
after(async () => {
  await h.close()
  await keyServer.close()
  await agent.close()
})

function claims(extra: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000)
  return {
    jwks_host: keyServer.host,
    aud: h.relayUrl,
    key: h.sim.apiKey,
    iat: now,
    exp: now + 3600,
    ...extra,
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

async function reasonFor(authorization: string | undefined): Promise<string> {
  const headers: Record<string, string> = {}
  if (authorization !== undefined) headers.authorization = authorization
  const res = await fetch(`${h.relayUrl}/observe/observables`, {
    method: 'POST',
    headers,
    body: JSON.stringify([{ type: 'ip', value: '45.77.51.101' }]),
  })
  assert.equal(res.status, 200)
  const body: any = await res.json()
  assert.equal(body.data, undefined)
  assert.equal(body.errors?.length, 1)
  assert.equal(body.errors[0].code, 'authorization error')
  assert.equal(body.errors[0].type, 'fatal')
  const message: string = body.errors[0].message
  assert.ok(message.startsWith('Authorization failed: '), message)
  return message.slice('Authorization failed: '.length)
}

describe('a valid token', () => {
  test('is accepted and 100 requests cost one key fetch', async () => {
    const token = await issuer.sign(claims())
    const hitsBefore = keyServer.hits()
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        h.post('/refer/observables', [{ type: 'ip', value: '1.1.1.1' }], { token }),
      ),
    )
    for (const res of results) assert.equal(res.body.errors, undefined, JSON.stringify(res.body))
    assert.equal(keyServer.hits() - hitsBefore, 1)
  })
})

describe('hostile tokens each get HTTP 200 and an authorization error', () => {
  test('missing header, wrong scheme, three parts, garbage', async () => {
    const token = await issuer.sign(claims())
    assert.equal(await reasonFor(undefined), AUTH_REASONS.headerMissing)
    assert.equal(await reasonFor(`Basic ${token}`), AUTH_REASONS.wrongType)
    assert.equal(await reasonFor(`Bearer ${token} extra`), AUTH_REASONS.wrongType)
    assert.equal(await reasonFor('Bearer'), AUTH_REASONS.wrongType)
    assert.equal(await reasonFor('Bearer not-a-jwt'), AUTH_REASONS.wrongStructure)
    assert.equal(
      await reasonFor(`Bearer ${b64({ alg: 'RS256' })}.@@@.x`),
      AUTH_REASONS.wrongStructure,
    )
  })

  test('alg none, HS256 with the public key as secret, wrong signing key, unknown kid', async () => {
    const none = `${b64({ alg: 'none', kid: issuer.kid })}.${b64(claims())}.`
    assert.notEqual(await reasonFor(`Bearer ${none}`), '')
    const hs = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: issuer.kid })
      .sign(new TextEncoder().encode(issuer.publicPem))
    const hsReason = await reasonFor(`Bearer ${hs}`)
    assert.ok(hsReason.length > 0)
    const other = await createTestIssuer(issuer.kid)
    assert.equal(await reasonFor(`Bearer ${await other.sign(claims())}`), AUTH_REASONS.badSignature)
    const unknownKid = await issuer.sign(claims(), { kid: 'f'.repeat(40) })
    assert.equal(await reasonFor(`Bearer ${unknownKid}`), AUTH_REASONS.kidNotFound)
  })

  test('wrong audience, expired, not yet valid', async () => {
    const now = Math.floor(Date.now() / 1000)
    const wrongAud = await issuer.sign(claims({ aud: 'https://elsewhere.example' }))
    assert.equal(
      await reasonFor(`Bearer ${wrongAud}`),
      `${AUTH_REASONS.wrongAudience}: the relay expected "${h.relayUrl}" (from the request's Host header) but the token is for "https://elsewhere.example"; set RELAY_PUBLIC_URL if XDR reaches the relay under another URL`,
    )
    const expired = await issuer.sign(claims({ exp: now - 3600 }))
    assert.equal(await reasonFor(`Bearer ${expired}`), AUTH_REASONS.expired)
    const early = await issuer.sign(claims({ nbf: now + 3600 }))
    assert.equal(await reasonFor(`Bearer ${early}`), AUTH_REASONS.notYetValid)
  })

  test('missing key, a key that cannot go into a header', async () => {
    const { key: _drop, ...noKey } = claims()
    assert.equal(await reasonFor(`Bearer ${await issuer.sign(noKey)}`), AUTH_REASONS.wrongPayload)
    const cyrillic = await issuer.sign(claims({ key: 'ключ-api' }))
    assert.equal(await reasonFor(`Bearer ${cyrillic}`), AUTH_REASONS.keyNotSendable)
  })

  test('missing, disallowed and metadata-service jwks_host: refused without any request', async () => {
    const hitsBefore = keyServer.hits()
    const { jwks_host: _drop, ...noHost } = claims()
    assert.equal(
      await reasonFor(`Bearer ${await issuer.sign(noHost)}`),
      AUTH_REASONS.jwksHostMissing,
    )
    for (const host of [
      'evil.example',
      '169.254.169.254',
      `https://${keyServer.host}`,
      `${keyServer.host}/x`,
      `user@${keyServer.host}`,
      keyServer.host.replace(/:\d+$/, ':1'),
    ]) {
      const reason = await reasonFor(`Bearer ${await issuer.sign(claims({ jwks_host: host }))}`)
      assert.match(reason, /not allowed/, host)
    }
    assert.equal(keyServer.hits(), hitsBefore)
  })

  test('an oversized token is refused before parsing', async () => {
    const huge = await issuer.sign(claims({ pad: 'x'.repeat(20_000) }))
    assert.equal(await reasonFor(`Bearer ${huge}`), AUTH_REASONS.tokenTooLarge)
  })
})
