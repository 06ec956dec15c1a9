import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Agent } from 'undici'
import { type JwksServer, startJwksServer } from '../../test/support/jwks-server.ts'
import { createTestIssuer, type TestIssuer } from '../../test/support/test-issuer.ts'
import { AuthorizationError } from '../errors/relay-error.ts'
import { AUTH_REASONS } from './auth-reasons.ts'
import { createKeyResolver, type KeyResolverOptions } from './key-resolver.ts'

const MINUTE = 60_000

function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms
    },
  }
}

function isReason(reason: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AuthorizationError, String(error))
    assert.equal(error.reason, reason)
    return true
  }
}

describe('createKeyResolver', () => {
  let issuer: TestIssuer
  let rotated: TestIssuer
  let server: JwksServer
  let agent: Agent
  const resolvers: { close(): Promise<void> }[] = []

  const resolverFor = (options: KeyResolverOptions = {}) => {
    const resolver = createKeyResolver({ dispatcher: agent, ...options })
    resolvers.push(resolver)
    return resolver
  }

  before(async () => {
    ;[issuer, rotated] = await Promise.all([createTestIssuer(), createTestIssuer()])
    server = await startJwksServer()
    agent = new Agent({ connect: { ca: server.ca } })
  })

  after(async () => {
    await Promise.all(resolvers.map((resolver) => resolver.close()))
    await agent.close()
    await server.close()
  })

  const freshServer = async () => {
    const hits = server.hits()
    server.serveJson(issuer.jwks())
    return () => server.hits() - hits
  }

  test('one download serves 100 lookups', async () => {
    const hits = await freshServer()
    const keys = resolverFor()
    for (let i = 0; i < 100; i += 1) await keys.resolve(server.jwksUrl, issuer.kid)
    assert.equal(keys.fetchCount(), 1)
    assert.equal(hits(), 1)
  })

  test('50 concurrent lookups on a cold cache share one download', async () => {
    const hits = await freshServer()
    const keys = resolverFor()
    const found = await Promise.all(
      Array.from({ length: 50 }, () => keys.resolve(server.jwksUrl, issuer.kid)),
    )
    assert.equal(new Set(found).size, 1)
    assert.equal(keys.fetchCount(), 1)
    assert.equal(hits(), 1)
  })

  test('an unknown kid refetches at most once per cooldown', async () => {
    const hits = await freshServer()
    const clock = manualClock()
    const keys = resolverFor({ clock })
    await keys.resolve(server.jwksUrl, issuer.kid)
    await assert.rejects(
      keys.resolve(server.jwksUrl, 'unknown'),
      isReason(AUTH_REASONS.kidNotFound),
    )
    assert.equal(keys.fetchCount(), 1, 'the first download is too recent')

    clock.advance(31_000)
    await assert.rejects(
      keys.resolve(server.jwksUrl, 'unknown'),
      isReason(AUTH_REASONS.kidNotFound),
    )
    assert.equal(keys.fetchCount(), 2)
    for (let i = 0; i < 10; i += 1) {
      clock.advance(2000)
      await assert.rejects(
        keys.resolve(server.jwksUrl, 'unknown'),
        isReason(AUTH_REASONS.kidNotFound),
      )
    }
    assert.equal(keys.fetchCount(), 2, 'no download within 30 s')

    clock.advance(10_000)
    await assert.rejects(
      keys.resolve(server.jwksUrl, 'unknown'),
      isReason(AUTH_REASONS.kidNotFound),
    )
    assert.equal(keys.fetchCount(), 3)
    assert.equal(hits(), 3)
    await keys.resolve(server.jwksUrl, issuer.kid)
    assert.equal(keys.fetchCount(), 3, 'known kids never refetch')
  })

  test('a rotated key is found after the cooldown', async () => {
    await freshServer()
    const clock = manualClock()
    const keys = resolverFor({ clock })
    await keys.resolve(server.jwksUrl, issuer.kid)
    server.serveJson({ keys: [issuer.publicJwk, rotated.publicJwk] })
    clock.advance(30_000)
    await keys.resolve(server.jwksUrl, rotated.kid)
    assert.equal(keys.fetchCount(), 2)
  })

  test('after maxAge the set is refreshed and a withdrawn key stops working', async () => {
    await freshServer()
    const clock = manualClock()
    const keys = resolverFor({ clock })
    await keys.resolve(server.jwksUrl, issuer.kid)
    server.serveJson(rotated.jwks())
    clock.advance(9 * MINUTE)
    await keys.resolve(server.jwksUrl, issuer.kid)
    assert.equal(keys.fetchCount(), 1, 'still fresh')
    clock.advance(2 * MINUTE)
    await assert.rejects(
      keys.resolve(server.jwksUrl, issuer.kid),
      isReason(AUTH_REASONS.kidNotFound),
    )
    assert.equal(keys.fetchCount(), 2)
    await keys.resolve(server.jwksUrl, rotated.kid)
  })

  test('known keys keep working past maxAge when the key server is down', async () => {
    const down = await startJwksServer({ jwks: issuer.jwks() })
    const clock = manualClock()
    const warnings: string[] = []
    const keys = resolverFor({
      clock,
      logger: { warn: (_details, message) => warnings.push(message) },
    })
    const key = await keys.resolve(down.jwksUrl, issuer.kid)
    await down.close()

    clock.advance(11 * MINUTE)
    assert.equal(await keys.resolve(down.jwksUrl, issuer.kid), key)
    assert.equal(keys.fetchCount(), 2, 'one refresh was tried')
    assert.equal(warnings.length, 1)

    clock.advance(10_000)
    assert.equal(await keys.resolve(down.jwksUrl, issuer.kid), key)
    await assert.rejects(keys.resolve(down.jwksUrl, 'unknown'), isReason(AUTH_REASONS.kidNotFound))
    assert.equal(keys.fetchCount(), 2, 'no retry within the cooldown')

    clock.advance(30_000)
    await assert.rejects(keys.resolve(down.jwksUrl, 'unknown'), isReason(AUTH_REASONS.kidNotFound))
    assert.equal(await keys.resolve(down.jwksUrl, issuer.kid), key)
    assert.equal(keys.fetchCount(), 3)
    assert.equal(warnings.length, 2)
  })

  describe('a key server that misbehaves', () => {
    const failures: [string, (respond: JwksServer['respondWith']) => void][] = [
      ['answers non-JSON', (respond) => respond((_q, s) => s.end('<html>nope</html>'))],
      ['answers 500', (respond) => respond((_q, s) => s.writeHead(500).end('{"keys":[]}'))],
      ['answers 404', (respond) => respond((_q, s) => s.writeHead(404).end())],
      ['answers JSON without keys', (respond) => respond((_q, s) => s.end('{"data":[]}'))],
      ['answers a JSON array', (respond) => respond((_q, s) => s.end('[]'))],
      [
        'declares a body over the cap',
        (respond) =>
          respond((_q, s) => {
            s.writeHead(200, { 'content-length': String(1024 * 1024) })
            s.end(Buffer.alloc(1024 * 1024, 0x20))
          }),
      ],
      [
        'streams a body over the cap',
        (respond) =>
          respond((_q, s) => {
            s.writeHead(200, { 'content-type': 'application/json' })
            s.write('{"keys":[')
            const chunk = `${'"x",'.repeat(4096)}`
            for (let i = 0; i < 64; i += 1) s.write(chunk)
            s.end('"x"]}')
          }),
      ],
      ['never answers', (respond) => respond(() => {})],
      [
        'sends headers and then stalls',
        (respond) =>
          respond((_q, s) => {
            s.writeHead(200, { 'content-type': 'application/json' })
            s.write('{"keys":')
          }),
      ],
    ]
    const stalls = new Set(['never answers', 'sends headers and then stalls'])
    for (const [name, setUp] of failures) {
      test(`${name} → Wrong jwks_host`, async () => {
        const bad = await startJwksServer()
        try {
          setUp(bad.respondWith)
          // A short budget only where the server stalls, so a slow handshake cannot fail the rest.
          const keys = resolverFor({ fetchTimeoutMs: stalls.has(name) ? 300 : 10_000 })
          await assert.rejects(
            keys.resolve(bad.jwksUrl, issuer.kid),
            isReason(AUTH_REASONS.wrongJwksHost),
          )
          if (!stalls.has(name)) assert.equal(bad.hits(), 1)
        } finally {
          await bad.close()
        }
      })
    }

    test('redirects are not followed', async () => {
      const hits = await freshServer()
      const bad = await startJwksServer()
      try {
        bad.respondWith((_q, s) => s.writeHead(302, { location: server.jwksUrl }).end())
        const keys = resolverFor()
        await assert.rejects(
          keys.resolve(bad.jwksUrl, issuer.kid),
          isReason(AUTH_REASONS.wrongJwksHost),
        )
        assert.equal(hits(), 0)
      } finally {
        await bad.close()
      }
    })

    test('an unreachable host → Wrong jwks_host, and the next call tries again', async () => {
      const gone = await startJwksServer()
      await gone.close()
      const keys = resolverFor()
      for (let i = 0; i < 2; i += 1) {
        await assert.rejects(
          keys.resolve(gone.jwksUrl, issuer.kid),
          isReason(AUTH_REASONS.wrongJwksHost),
        )
      }
      assert.equal(keys.fetchCount(), 2)
    })

    test('a certificate the client does not trust → Wrong jwks_host', async () => {
      await freshServer()
      const keys = createKeyResolver({ dispatcher: new Agent(), fetchTimeoutMs: 2000 })
      resolvers.push(keys)
      await assert.rejects(
        keys.resolve(server.jwksUrl, issuer.kid),
        isReason(AUTH_REASONS.wrongJwksHost),
      )
    })
  })

  test('keys that are not usable RS256 signing keys are ignored', async () => {
    const hits = await freshServer()
    const { kid, ...withoutKid } = issuer.publicJwk
    server.serveJson({
      keys: [
        'garbage',
        null,
        { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', kid: 'ec' },
        { kty: 'oct', k: 'c2VjcmV0', kid: 'oct' },
        { ...withoutKid, kid: 'rs512', alg: 'RS512' },
        { ...withoutKid, kid: 'enc', use: 'enc' },
        { kty: 'RSA', n: 123, e: 'AQAB', kid: 'broken' },
        { kty: 'RSA', e: 'AQAB', kid: 'no-n' },
        { ...withoutKid, kid: 42 },
        { ...issuer.publicJwk, d: 'ignored-private-part' },
      ],
    })
    const keys = resolverFor()
    await keys.resolve(server.jwksUrl, kid)
    for (const other of ['ec', 'oct', 'rs512', 'enc', 'broken', 'no-n', '42']) {
      await assert.rejects(keys.resolve(server.jwksUrl, other), isReason(AUTH_REASONS.kidNotFound))
    }
    assert.equal(hits(), 1)
  })

  test('without a kid, a set of exactly one key is used', async () => {
    await freshServer()
    const single = resolverFor()
    await single.resolve(server.jwksUrl, undefined)
    server.serveJson({ keys: [issuer.publicJwk, rotated.publicJwk] })
    const double = resolverFor()
    await assert.rejects(
      double.resolve(server.jwksUrl, undefined),
      isReason(AUTH_REASONS.kidNotFound),
    )
  })

  test('maxSources bounds the cached sets', async () => {
    await freshServer()
    const keys = resolverFor({ maxSources: 1 })
    const base = `https://${server.host}`
    await keys.resolve(`${base}/a`, issuer.kid)
    await keys.resolve(`${base}/b`, issuer.kid)
    await keys.resolve(`${base}/b`, issuer.kid)
    await keys.resolve(`${base}/a`, issuer.kid)
    assert.equal(keys.fetchCount(), 3)
  })

  test('close aborts a download in progress', async () => {
    const stalled = await startJwksServer()
    try {
      stalled.respondWith(() => {})
      const keys = createKeyResolver({ dispatcher: agent, fetchTimeoutMs: 60_000 })
      const pending = keys.resolve(stalled.jwksUrl, issuer.kid)
      while (stalled.hits() === 0) await new Promise((resolve) => setImmediate(resolve))
      await keys.close()
      await assert.rejects(pending, isReason(AUTH_REASONS.wrongJwksHost))
      await assert.rejects(keys.resolve(stalled.jwksUrl, issuer.kid))
    } finally {
      await stalled.close()
    }
  })

  test('invalid options fail at creation', () => {
    for (const options of [
      { fetchTimeoutMs: 0 },
      { maxBodyBytes: -1 },
      { refetchCooldownMs: Number.NaN },
      { maxAgeMs: 1.5 },
      { maxSources: 0 },
    ]) {
      assert.throws(() => createKeyResolver(options), TypeError)
    }
  })
})
