import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { base64url, type JWTPayload, SignJWT } from 'jose'
import { Agent } from 'undici'
import { type JwksServer, startJwksServer } from '../../test/support/jwks-server.ts'
import { createTestIssuer, type TestIssuer } from '../../test/support/test-issuer.ts'
import { AuthorizationError } from '../errors/relay-error.ts'
import { AUTH_REASONS, algorithmNotAllowedReason, hostNotAllowedReason } from './auth-reasons.ts'
import { createKeyResolver, type KeyResolver } from './key-resolver.ts'
import { type VerifyContext, verifyConfigurationToken } from './verify-configuration-token.ts'

const AUDIENCE = 'https://relay.example.test'
const NOW_MS = Date.UTC(2026, 5, 1, 12)
const NOW = NOW_MS / 1000
const clock = { now: () => NOW_MS }

describe('verifyConfigurationToken', () => {
  let issuer: TestIssuer
  let impostor: TestIssuer
  let server: JwksServer
  let other: JwksServer
  let agent: Agent
  let keys: KeyResolver
  const resolvers: KeyResolver[] = []

  const context = (overrides: Partial<VerifyContext> = {}): VerifyContext => ({
    audience: AUDIENCE,
    auth: { allowedJwksHosts: ['visibility.amp.cisco.com', server.host], jwksUrl: undefined },
    keys,
    clock,
    ...overrides,
  })

  const freshResolver = () => {
    const resolver = createKeyResolver({ dispatcher: agent, clock })
    resolvers.push(resolver)
    return resolver
  }

  const claims = (extra: Record<string, unknown> = {}): JWTPayload => ({
    jwks_host: server.host,
    aud: AUDIENCE,
    iat: NOW - 10,
    exp: NOW + 3600,
    key: 'gti-api-key-0123',
    ...extra,
  })

  const bearer = async (extra: Record<string, unknown> = {}, signer = issuer) =>
    `Bearer ${await signer.sign(claims(extra))}`

  const refused = async (
    authorization: string | undefined,
    reason: string,
    ctx: VerifyContext = context(),
  ) => {
    await assert.rejects(verifyConfigurationToken(authorization, ctx), (error: unknown) => {
      assert.ok(error instanceof AuthorizationError, String(error))
      assert.equal(error.reason, reason)
      assert.equal(error.message, `Authorization failed: ${reason}`)
      assert.equal(error.code, 'authorization error')
      return true
    })
  }

  before(async () => {
    ;[issuer, impostor] = await Promise.all([createTestIssuer(), createTestIssuer()])
    ;[server, other] = await Promise.all([
      startJwksServer(),
      startJwksServer({ hostname: 'localhost' }),
    ])
    server.serveJson(issuer.jwks())
    other.serveJson(issuer.jwks())
    agent = new Agent({ connect: { ca: server.ca } })
    keys = freshResolver()
  })

  after(async () => {
    await Promise.all(resolvers.map((resolver) => resolver.close()))
    await agent.close()
    await Promise.all([server.close(), other.close()])
  })

  describe('accepts', () => {
    test('a valid token and reads its claims', async () => {
      const result = await verifyConfigurationToken(await bearer(), context())
      assert.deepEqual(result, {
        apiKey: 'gti-api-key-0123',
        entitiesLimit: 100,
        allowTestAccounts: false,
      })
    })

    test('the optional settings claims', async () => {
      const result = await verifyConfigurationToken(
        await bearer({ CTR_ENTITIES_LIMIT: ' +250 ', GTI_ALLOW_TEST_ACCOUNTS: 'Yes' }),
        context(),
      )
      assert.equal(result.entitiesLimit, 250)
      assert.equal(result.allowTestAccounts, true)
    })

    // Each accepted token carries its own key, so a result read from another token (a cache
    // mix-up, say) fails the claims check.
    const defaults = { entitiesLimit: 100, allowTestAccounts: false }

    test('the scheme in any case', async () => {
      const token = await issuer.sign(claims({ key: 'key-any-case' }))
      for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
        const result = await verifyConfigurationToken(`${scheme} ${token}`, context())
        assert.deepEqual(result, { apiKey: 'key-any-case', ...defaults }, scheme)
      }
    })

    test('a token without exp, nbf or iat', async () => {
      const token = await issuer.sign({
        jwks_host: server.host,
        aud: AUDIENCE,
        key: 'key-no-times',
      })
      const result = await verifyConfigurationToken(`Bearer ${token}`, context())
      assert.deepEqual(result, { apiKey: 'key-no-times', ...defaults })
    })

    test('exp and nbf within the 60 s leeway', async () => {
      const late = await verifyConfigurationToken(
        await bearer({ exp: NOW - 30, key: 'key-late' }),
        context(),
      )
      assert.deepEqual(late, { apiKey: 'key-late', ...defaults })
      const early = await verifyConfigurationToken(
        await bearer({ nbf: NOW + 30, key: 'key-early' }),
        context(),
      )
      assert.deepEqual(early, { apiKey: 'key-early', ...defaults })
    })

    test('an audience list that contains the relay', async () => {
      const result = await verifyConfigurationToken(
        await bearer({ aud: ['https://other.example', AUDIENCE], key: 'key-aud-list' }),
        context(),
      )
      assert.deepEqual(result, { apiKey: 'key-aud-list', ...defaults })
    })

    test('jwks_host in another case than the allowlist', async () => {
      const ctx = context({
        keys: freshResolver(),
        auth: { allowedJwksHosts: [other.host], jwksUrl: undefined },
      })
      const result = await verifyConfigurationToken(
        await bearer({ jwks_host: other.host.toUpperCase(), key: 'key-host-case' }),
        ctx,
      )
      assert.deepEqual(result, { apiKey: 'key-host-case', ...defaults })
      assert.equal(other.hits(), 1)
    })

    test('any jwks_host, or none, when jwksUrl overrides the key source', async () => {
      const ctx = context({
        keys: freshResolver(),
        auth: { allowedJwksHosts: ['visibility.amp.cisco.com'], jwksUrl: server.jwksUrl },
      })
      const token = await issuer.sign({ aud: AUDIENCE, key: 'key-no-host' })
      const none = await verifyConfigurationToken(`Bearer ${token}`, ctx)
      assert.deepEqual(none, { apiKey: 'key-no-host', ...defaults })
      const foreign = await verifyConfigurationToken(
        await bearer({ jwks_host: 'evil.example.com', key: 'key-foreign-host' }),
        ctx,
      )
      assert.deepEqual(foreign, { apiKey: 'key-foreign-host', ...defaults })
    })
  })

  describe('refuses', () => {
    test('a missing header', async () => {
      await refused(undefined, AUTH_REASONS.headerMissing)
      await refused('', AUTH_REASONS.headerMissing)
    })

    test('a wrong scheme or shape', async () => {
      const token = await issuer.sign(claims())
      for (const header of [
        `Basic ${token}`,
        `IBToken ${token}`,
        token,
        'Bearer',
        'Bearer ',
        `Bearer ${token} extra`,
        `Bearer  ${token}`,
        `Bearer\t${token}`,
        `Bearer: ${token}`,
      ]) {
        await refused(header, AUTH_REASONS.wrongType)
      }
    })

    test('a token over 16 KiB, without fetching keys', async () => {
      const hits = server.hits()
      await refused(`Bearer ${'a'.repeat(16 * 1024 + 1)}`, AUTH_REASONS.tokenTooLarge)
      const padded = await bearer({ padding: 'x'.repeat(17 * 1024) })
      await refused(padded, AUTH_REASONS.tokenTooLarge)
      assert.equal(server.hits(), hits)
    })

    test('something that is not a JWT', async () => {
      const json = base64url.encode(JSON.stringify({ alg: 'RS256' }))
      for (const token of [
        'garbage',
        'a.b.c',
        '...',
        `${json}.${base64url.encode('not json')}.sig`,
        `${json}.${base64url.encode('[1,2]')}.sig`,
        `${json}.${json}.${json}.${json}.${json}`,
      ]) {
        await refused(`Bearer ${token}`, AUTH_REASONS.wrongStructure)
      }
    })

    test('alg none', async () => {
      const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid: issuer.kid }))
      const payload = base64url.encode(JSON.stringify(claims()))
      await refused(`Bearer ${header}.${payload}.`, algorithmNotAllowedReason('none'))
    })

    test('HS256 signed with the public key as the secret', async () => {
      const token = await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', kid: issuer.kid })
        .sign(new TextEncoder().encode(issuer.publicPem))
      await refused(`Bearer ${token}`, algorithmNotAllowedReason('HS256'))
    })

    test('a header that claims RS256 over an HS256 signature', async () => {
      const hs = await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', kid: issuer.kid })
        .sign(new TextEncoder().encode(issuer.publicPem))
      const [, payload, signature] = hs.split('.')
      const header = base64url.encode(JSON.stringify({ alg: 'RS256', kid: issuer.kid }))
      await refused(`Bearer ${header}.${payload}.${signature}`, AUTH_REASONS.badSignature)
    })

    test('a token signed by another key under the same kid', async () => {
      const token = await impostor.sign(claims(), { kid: issuer.kid })
      await refused(`Bearer ${token}`, AUTH_REASONS.badSignature)
    })

    test('a tampered payload', async () => {
      const [header, , signature] = (await issuer.sign(claims())).split('.')
      const payload = base64url.encode(JSON.stringify(claims({ key: 'someone-else' })))
      await refused(`Bearer ${header}.${payload}.${signature}`, AUTH_REASONS.badSignature)
    })

    test('an unknown kid', async () => {
      await refused(await bearer({}, impostor), AUTH_REASONS.kidNotFound)
    })

    test('a wrong or missing audience names what the relay expected and why', async () => {
      const fromHost = context({
        audienceOrigin: { derivation: "from the request's Host header", fromSetting: false },
      })
      const expected = `${AUTH_REASONS.wrongAudience}: the relay expected "${AUDIENCE}" (from the request's Host header) but`
      const advice = 'set RELAY_PUBLIC_URL if XDR reaches the relay under another URL'
      await refused(
        await bearer({ aud: 'https://elsewhere.example' }),
        `${expected} the token is for "https://elsewhere.example"; ${advice}`,
        fromHost,
      )
      await refused(
        await bearer({ aud: `${AUDIENCE}/` }),
        `${expected} the token is for "${AUDIENCE}/"; ${advice}`,
        fromHost,
      )
      await refused(
        await bearer({ aud: undefined }),
        `${expected} the token has no aud claim; ${advice}`,
        fromHost,
      )
      const fromSetting = context({
        audienceOrigin: { derivation: 'from the RELAY_PUBLIC_URL setting', fromSetting: true },
      })
      await refused(
        await bearer({ aud: ['https://a.example', 'https://b.example'] }),
        `${AUTH_REASONS.wrongAudience}: the relay expected "${AUDIENCE}" (from the RELAY_PUBLIC_URL setting) but the token is for ["https://a.example","https://b.example"]; register the relay in XDR under that URL or correct RELAY_PUBLIC_URL`,
        fromSetting,
      )
    })

    test('a long or hostile token audience is quoted cut to 200 printable characters', async () => {
      const aud = `https://${'a'.repeat(5000)}"\u0000\n.example`
      await assert.rejects(verifyConfigurationToken(await bearer({ aud }), context()), (error) => {
        assert.ok(error instanceof AuthorizationError)
        assert.match(
          error.reason,
          /the token is for "https:\/\/a{192}\.\.\."; set RELAY_PUBLIC_URL/,
        )
        assert.ok(error.reason.length < 450, `${error.reason.length} characters`)
        assert.doesNotMatch(error.reason, /gti-api-key-0123/)
        return true
      })
    })

    test('an expired token', async () => {
      await refused(await bearer({ exp: NOW - 61 }), AUTH_REASONS.expired)
    })

    test('a token not valid yet', async () => {
      await refused(await bearer({ nbf: NOW + 61 }), AUTH_REASONS.notYetValid)
    })

    test('malformed time claims', async () => {
      await refused(await bearer({ exp: 'tomorrow' }), AUTH_REASONS.wrongPayload)
    })

    test('a missing or empty key claim', async () => {
      for (const key of [undefined, '', 42, null, ['k']]) {
        await refused(await bearer({ key }), AUTH_REASONS.wrongPayload)
      }
    })

    test('a key that cannot go into an HTTP header, without echoing it', async () => {
      for (const key of ['clé-secrète', 'with space', 'tab\there', 'line\nbreak', 'snow☃']) {
        await assert.rejects(
          verifyConfigurationToken(await bearer({ key }), context()),
          (error: unknown) => {
            assert.ok(error instanceof AuthorizationError)
            assert.equal(error.reason, AUTH_REASONS.keyNotSendable)
            assert.ok(!error.message.includes(key))
            return true
          },
        )
      }
    })

    test('a missing jwks_host', async () => {
      for (const jwks_host of [undefined, null, '']) {
        await refused(await bearer({ jwks_host }), AUTH_REASONS.jwksHostMissing)
      }
    })

    test('jwks_host values outside the allowlist, without any request', async () => {
      const serverHits = server.hits()
      const otherHits = other.hits()
      const port = server.host.split(':')[1]
      const hosts: unknown[] = [
        other.host,
        'evil.example.com',
        '169.254.169.254',
        '169.254.169.254:80',
        'visibility.eu.amp.cisco.com',
        `https://${server.host}`,
        `${server.host}/.well-known/jwks`,
        `${server.host}/`,
        `user@${server.host}`,
        `user:pass@${server.host}`,
        `${server.host}?x=1`,
        `${server.host}#x`,
        '127.0.0.1',
        `127.0.0.1:${Number(port) + 1}`,
        'visibility.amp.cisco.com:8443',
        `${server.host}.`,
        42,
        { host: server.host },
      ]
      for (const jwks_host of hosts) {
        await refused(await bearer({ jwks_host }), hostNotAllowedReason(jwks_host))
      }
      assert.equal(server.hits(), serverHits)
      assert.equal(other.hits(), otherHits)
    })

    test('a long jwks_host, echoing at most 100 characters of it', async () => {
      const jwks_host = `${'a'.repeat(5000)}.example.com`
      await assert.rejects(
        verifyConfigurationToken(await bearer({ jwks_host }), context()),
        (error: unknown) => {
          assert.ok(error instanceof AuthorizationError)
          assert.ok(error.reason.length < 140, `reason of ${error.reason.length} characters`)
          assert.match(error.reason, /^jwks_host a+\.\.\. is not allowed$/)
          return true
        },
      )
    })

    test('a key server that fails', async () => {
      const down = await startJwksServer()
      down.respondWith((_q, s) => s.writeHead(500).end())
      const ctx = context({
        keys: freshResolver(),
        auth: { allowedJwksHosts: [down.host], jwksUrl: undefined },
      })
      try {
        await refused(
          await bearer({ jwks_host: down.host }),
          `could not fetch keys from ${down.jwksUrl}: HTTP 500`,
          ctx,
        )
      } finally {
        await down.close()
      }
    })

    test('anything unexpected, with a generic reason', async () => {
      const broken: KeyResolver = {
        resolve: () => Promise.reject(new TypeError('secret internals')),
        fetchCount: () => 0,
        close: () => Promise.resolve(),
      }
      await refused(await bearer(), AUTH_REASONS.unexpected, context({ keys: broken }))
    })
  })

  describe('key caching', () => {
    test('100 verifications download the keys once', async () => {
      const hits = server.hits()
      const ctx = context({ keys: freshResolver() })
      const header = await bearer()
      for (let i = 0; i < 100; i += 1) await verifyConfigurationToken(header, ctx)
      assert.equal(ctx.keys.fetchCount(), 1)
      assert.equal(server.hits() - hits, 1)
    })

    test('50 concurrent verifications on a cold cache download the keys once', async () => {
      const hits = server.hits()
      const ctx = context({ keys: freshResolver() })
      const headers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => bearer({ key: `key-${i}` })),
      )
      const results = await Promise.all(
        headers.map((header) => verifyConfigurationToken(header, ctx)),
      )
      assert.deepEqual(
        results.map((result) => result.apiKey),
        headers.map((_, i) => `key-${i}`),
      )
      assert.equal(ctx.keys.fetchCount(), 1)
      assert.equal(server.hits() - hits, 1)
    })
  })
})
