import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Agent } from 'undici'
import { type JwksServer, startJwksServer } from '../../test/support/jwks-server.ts'
import { manualClock } from '../../test/support/manual-clock.ts'
import { createTestIssuer, type TestIssuer } from '../../test/support/test-issuer.ts'
import { AuthorizationError } from '../errors/relay-error.ts'
import { AUTH_REASONS, keysUnavailableReason } from './auth-reasons.ts'
import { createKeyResolver, type KeyResolverOptions } from './key-resolver.ts'

const MINUTE = 60_000
/** Where every test's manual clock starts. */
const START_MS = Date.UTC(2026, 0, 1)

function isReason(reason: string | RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AuthorizationError, String(error))
    if (typeof reason === 'string') assert.equal(error.reason, reason)
    else assert.match(error.reason, reason)
    return true
  }
}

function warnings() {
  const lines: { details: Record<string, unknown>; message: string }[] = []
  return {
    lines,
    logger: {
      warn: (details: object, message: string) => {
        lines.push({ details: details as Record<string, unknown>, message })
      },
    },
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
    const clock = manualClock(START_MS)
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
    const clock = manualClock(START_MS)
    const keys = resolverFor({ clock })
    await keys.resolve(server.jwksUrl, issuer.kid)
    server.serveJson({ keys: [issuer.publicJwk, rotated.publicJwk] })
    clock.advance(30_000)
    await keys.resolve(server.jwksUrl, rotated.kid)
    assert.equal(keys.fetchCount(), 2)
  })

  test('after maxAge the set is refreshed and a withdrawn key stops working', async () => {
    await freshServer()
    const clock = manualClock(START_MS)
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
    const clock = manualClock(START_MS)
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
    const notKeySet = 'the answer is not a key set (no "keys" array)'
    const tooLarge = 'the key set is larger than 65536 bytes'
    const timedOut = 'no complete answer within 300 ms'
    const failures: [string, string, (respond: JwksServer['respondWith']) => void][] = [
      [
        'answers non-JSON',
        'the answer is not JSON',
        (respond) => respond((_q, s) => s.end('<html>nope</html>')),
      ],
      [
        'answers 503',
        'HTTP 503',
        (respond) => respond((_q, s) => s.writeHead(503).end('{"keys":[]}')),
      ],
      ['answers 404', 'HTTP 404', (respond) => respond((_q, s) => s.writeHead(404).end())],
      [
        'answers JSON without keys',
        notKeySet,
        (respond) => respond((_q, s) => s.end('{"data":[]}')),
      ],
      ['answers a JSON array', notKeySet, (respond) => respond((_q, s) => s.end('[]'))],
      [
        'declares a body over the cap',
        tooLarge,
        (respond) =>
          respond((_q, s) => {
            s.writeHead(200, { 'content-length': String(1024 * 1024) })
            s.end(Buffer.alloc(1024 * 1024, 0x20))
          }),
      ],
      [
        'streams a body over the cap',
        tooLarge,
        (respond) =>
          respond((_q, s) => {
            s.writeHead(200, { 'content-type': 'application/json' })
            s.write('{"keys":[')
            const chunk = `${'"x",'.repeat(4096)}`
            for (let i = 0; i < 64; i += 1) s.write(chunk)
            s.end('"x"]}')
          }),
      ],
      ['never answers', timedOut, (respond) => respond(() => {})],
      [
        'sends headers and then stalls',
        timedOut,
        (respond) =>
          respond((_q, s) => {
            s.writeHead(200, { 'content-type': 'application/json' })
            s.write('{"keys":')
          }),
      ],
    ]
    const stalls = new Set(['never answers', 'sends headers and then stalls'])
    for (const [name, cause, setUp] of failures) {
      test(`${name} → could not fetch keys: ${cause}, logged once`, async () => {
        const bad = await startJwksServer()
        try {
          setUp(bad.respondWith)
          const log = warnings()
          // A short budget only where the server stalls, so a slow handshake cannot fail the rest.
          const keys = resolverFor({
            fetchTimeoutMs: stalls.has(name) ? 300 : 10_000,
            logger: log.logger,
          })
          await assert.rejects(
            keys.resolve(bad.jwksUrl, issuer.kid),
            isReason(`could not fetch keys from ${bad.jwksUrl}: ${cause}`),
          )
          if (!stalls.has(name)) assert.equal(bad.hits(), 1)
          assert.equal(log.lines.length, 1)
          assert.equal(log.lines[0]?.details.cause, cause)
          assert.equal(log.lines[0]?.details.jwksUrl, bad.jwksUrl)
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
          isReason(
            `could not fetch keys from ${bad.jwksUrl}: HTTP 302 (redirects are not followed)`,
          ),
        )
        assert.equal(hits(), 0)
      } finally {
        await bad.close()
      }
    })

    test('an unreachable host: ECONNREFUSED, then a cool-down of 5 s doubling up to 60 s', async () => {
      const gone = await startJwksServer()
      await gone.close()
      const clock = manualClock(START_MS)
      const log = warnings()
      const keys = resolverFor({ clock, logger: log.logger })
      const refused = isReason(keysUnavailableReason(gone.jwksUrl, 'ECONNREFUSED'))
      const burst = async () => {
        const before = keys.fetchCount()
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, () => keys.resolve(gone.jwksUrl, issuer.kid)),
        )
        for (const result of results) {
          assert.equal(result.status, 'rejected')
          refused(result.status === 'rejected' ? result.reason : undefined)
        }
        return keys.fetchCount() - before
      }
      assert.equal(await burst(), 1, 'concurrent lookups share one attempt')
      assert.equal(await burst(), 0, 'no attempt within the cool-down')
      clock.advance(4999)
      assert.equal(await burst(), 0)
      clock.advance(1)
      assert.equal(await burst(), 1, 'tried again after 5 s')
      clock.advance(5000)
      assert.equal(await burst(), 0, 'the second failure waits 10 s')
      clock.advance(5000)
      assert.equal(await burst(), 1)
      for (const wait of [20_000, 40_000, 60_000, 60_000]) {
        clock.advance(wait - 1)
        assert.equal(await burst(), 0, `within ${wait} ms`)
        clock.advance(1)
        assert.equal(await burst(), 1, `after ${wait} ms`)
      }
      assert.deepEqual(
        log.lines.map((line) => [line.details.cause, line.details.retryInMs]),
        [
          ['ECONNREFUSED', 5000],
          ['ECONNREFUSED', 10_000],
          ['ECONNREFUSED', 20_000],
          ['ECONNREFUSED', 40_000],
          ['ECONNREFUSED', 60_000],
          ['ECONNREFUSED', 60_000],
          ['ECONNREFUSED', 60_000],
        ],
      )
    })

    test('a success ends the cool-down: the next failure waits 5 s again', async () => {
      const flaky = await startJwksServer()
      try {
        const clock = manualClock(START_MS)
        const keys = resolverFor({ clock, maxAgeMs: 60_000, refetchCooldownMs: 1000 })
        flaky.respondWith((_q, s) => s.writeHead(503).end())
        await assert.rejects(keys.resolve(flaky.jwksUrl, issuer.kid), isReason(/HTTP 503$/))
        clock.advance(5000)
        await assert.rejects(keys.resolve(flaky.jwksUrl, issuer.kid), isReason(/HTTP 503$/))
        clock.advance(10_000)
        flaky.serveJson(issuer.jwks())
        const key = await keys.resolve(flaky.jwksUrl, issuer.kid)
        assert.equal(keys.fetchCount(), 3)
        flaky.respondWith((_q, s) => s.writeHead(503).end())
        clock.advance(60_000)
        assert.equal(await keys.resolve(flaky.jwksUrl, issuer.kid), key, 'stale keys answer')
        assert.equal(keys.fetchCount(), 4)
        clock.advance(4999)
        await assert.rejects(
          keys.resolve(flaky.jwksUrl, 'unknown'),
          isReason(AUTH_REASONS.kidNotFound),
        )
        assert.equal(keys.fetchCount(), 4, 'the failure cool-down holds back the kid refetch')
        clock.advance(1)
        await assert.rejects(
          keys.resolve(flaky.jwksUrl, 'unknown'),
          isReason(AUTH_REASONS.kidNotFound),
        )
        assert.equal(keys.fetchCount(), 5, 'one failure since the success: 5 s')
      } finally {
        await flaky.close()
      }
    })

    test('a certificate the client does not trust → its TLS error code', async () => {
      await freshServer()
      const keys = createKeyResolver({ dispatcher: new Agent(), fetchTimeoutMs: 2000 })
      resolvers.push(keys)
      await assert.rejects(
        keys.resolve(server.jwksUrl, issuer.kid),
        isReason(
          /^could not fetch keys from https:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks: (?:[A-Z_]*CERT[A-Z_]*|UNABLE_TO_VERIFY_LEAF_SIGNATURE)$/,
        ),
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
      await assert.rejects(
        pending,
        isReason(keysUnavailableReason(stalled.jwksUrl, 'the relay is shutting down')),
      )
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
      { failureCooldownMs: 0 },
      { maxFailureCooldownMs: -5 },
    ]) {
      assert.throws(() => createKeyResolver(options), TypeError)
    }
  })
})
