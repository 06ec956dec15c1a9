import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DEFAULT_JWKS_HOSTS, parseSettings, SettingsError } from './settings.ts'

describe('parseSettings', () => {
  test('defaults are the US region, the three XDR key hosts and the spec limits', () => {
    const settings = parseSettings({})
    assert.equal(settings.port, 9090)
    assert.equal(settings.host, '127.0.0.1')
    assert.equal(settings.gti.detectionsUrl, 'https://detections.icebrg.io/v1/')
    assert.equal(settings.gti.eventsUrl, 'https://events.icebrg.io/v2/')
    assert.equal(settings.gti.entityUrl, 'https://entity.icebrg.io/v2/')
    assert.equal(settings.gti.portalUrl, 'https://portal.icebrg.io')
    assert.equal(settings.gti.eventsLookbackDays, 7)
    assert.deepEqual(settings.auth.allowedJwksHosts, [...DEFAULT_JWKS_HOSTS])
    assert.equal(settings.auth.jwksUrl, undefined)
    assert.equal(settings.auth.trustProxy, false)
    assert.equal(settings.limits.maxBodyBytes, 1024 * 1024)
    assert.equal(settings.limits.maxObservables, 1000)
    assert.equal(settings.limits.requestTimeoutMs, 20_000)
    assert.equal(settings.logLevel, 'info')
  })

  test('GTI_TILES_MAX_DETECTIONS: 10000 by default, 100 to 100000', () => {
    assert.equal(parseSettings({}).tiles.maxDetections, 10_000)
    assert.equal(parseSettings({ GTI_TILES_MAX_DETECTIONS: '100' }).tiles.maxDetections, 100)
    for (const bad of ['99', '100001', 'many', '1e4']) {
      assert.throws(
        () => parseSettings({ GTI_TILES_MAX_DETECTIONS: bad }),
        (error: Error) =>
          error instanceof SettingsError && /GTI_TILES_MAX_DETECTIONS/.test(error.message),
      )
    }
  })

  test('the EU region has FortiNDR hosts and no Events API unless one is given', () => {
    const eu = parseSettings({ GTI_REGION: 'eu' })
    assert.equal(eu.gti.detectionsUrl, 'https://detections.eu.fortindr.forticloud.com/v1/')
    assert.equal(eu.gti.entityUrl, 'https://entity.eu.fortindr.forticloud.com/v2/')
    assert.equal(eu.gti.portalUrl, 'https://portal-eu.fortindr.forticloud.com')
    assert.equal(eu.gti.eventsUrl, undefined)
    const withEvents = parseSettings({
      GTI_REGION: 'eu',
      GTI_EVENTS_API_URL: 'https://events.example/v2',
    })
    assert.equal(withEvents.gti.eventsUrl, 'https://events.example/v2/')
  })

  test('explicit values win; empty strings count as unset; lists are trimmed and lower-cased', () => {
    const settings = parseSettings({
      PORT: '0',
      GTI_PORTAL_URL: 'https://portal.example/',
      JWKS_ALLOWED_HOSTS: ' Visibility.AMP.cisco.com , keys.example:8443 ',
      RELAY_PUBLIC_URL: 'https://relay.example/base/',
      TRUST_PROXY: 'yes',
      LOG_LEVEL: '',
    })
    assert.equal(settings.port, 0)
    assert.equal(settings.gti.portalUrl, 'https://portal.example')
    assert.deepEqual(settings.auth.allowedJwksHosts, [
      'visibility.amp.cisco.com',
      'keys.example:8443',
    ])
    assert.equal(settings.auth.publicUrl, 'https://relay.example/base')
    assert.equal(settings.auth.trustProxy, true)
    assert.equal(settings.logLevel, 'info')
  })

  test('invalid values stop the start with a message naming each setting', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: '70000' }, /PORT/],
      [{ PORT: 'http' }, /PORT/],
      [{ GTI_REGION: 'apjc' }, /GTI_REGION/],
      [{ GTI_DETECTIONS_API_URL: 'ftp://x' }, /GTI_DETECTIONS_API_URL/],
      [{ JWKS_ALLOWED_HOSTS: 'https://evil.example/path' }, /JWKS_ALLOWED_HOSTS/],
      [{ JWKS_URL: 'not a url' }, /JWKS_URL/],
      [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY/],
      [{ REQUEST_TIMEOUT_MS: '-5' }, /REQUEST_TIMEOUT_MS/],
      [{ MAX_BODY_BYTES: '12' }, /MAX_BODY_BYTES/],
      [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    ]
    for (const [env, name] of cases) {
      assert.throws(
        () => parseSettings(env),
        (error: unknown) => {
          assert.ok(error instanceof SettingsError)
          assert.match(error.message, name)
          return true
        },
      )
    }
    assert.throws(() => parseSettings({ PORT: 'x', LOG_LEVEL: 'y' }), /PORT.*LOG_LEVEL/)
  })

  test('server and answer limits have safe defaults and are checked against each other', () => {
    const settings = parseSettings({})
    assert.deepEqual(settings.server, {
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      idleTimeoutMs: 60_000,
      maxConnections: 500,
      lingerTimeoutMs: 5000,
      lingerMaxBytes: 16 * 1024 * 1024,
    })
    assert.equal(settings.limits.maxAnswerBytes, 16 * 1024 * 1024)
    assert.equal(settings.gti.maxAnswerBytes, 8 * 1024 * 1024)
    assert.equal(parseSettings({ GTI_MAX_ANSWER_BYTES: '65536' }).gti.maxAnswerBytes, 65536)
    assert.throws(() => parseSettings({ GTI_MAX_ANSWER_BYTES: '1000' }), /GTI_MAX_ANSWER_BYTES/)
    assert.equal(settings.limits.maxRelationsPerSighting, 100)
    assert.throws(
      () => parseSettings({ HEADERS_TIMEOUT_MS: '5000', BODY_TIMEOUT_MS: '4000' }),
      /HEADERS_TIMEOUT_MS/,
    )
    assert.throws(() => parseSettings({ IDLE_TIMEOUT_MS: '20000' }), /IDLE_TIMEOUT_MS/)
  })

  test('answer cache: 60 s, 20000 entries, 64 MiB by default; ANSWER_CACHE_TTL_S=0 turns it off', () => {
    const defaults = parseSettings({})
    assert.deepEqual(defaults.answerCache, {
      ttlMs: 60_000,
      maxEntries: 20_000,
      maxBytes: 64 * 1024 * 1024,
    })
    assert.equal(parseSettings({ ANSWER_CACHE_TTL_S: '0' }).answerCache.ttlMs, 0)
    for (const bad of ['-1', '86401', 'soon']) {
      assert.throws(() => parseSettings({ ANSWER_CACHE_TTL_S: bad }), /ANSWER_CACHE_TTL_S/)
    }
  })

  test('Redis: off without REDIS_URL; a redis(s):// URL with prefix and timeouts; no secret in errors', () => {
    assert.equal(parseSettings({}).redis, undefined)
    assert.deepEqual(parseSettings({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis, {
      url: 'redis://127.0.0.1:6379',
      keyPrefix: 'gti-relay:',
      connectTimeoutMs: 1000,
      commandTimeoutMs: 50,
    })
    const tuned = parseSettings({
      REDIS_URL: 'rediss://user:pw@cache.internal:6380/2',
      REDIS_KEY_PREFIX: 'relay-eu:',
      REDIS_COMMAND_TIMEOUT_MS: '20',
    }).redis
    assert.equal(tuned?.keyPrefix, 'relay-eu:')
    assert.equal(tuned?.commandTimeoutMs, 20)
    assert.throws(
      () => parseSettings({ REDIS_URL: 'http://user:hunter2@cache.internal' }),
      (error: unknown) => {
        assert.ok(error instanceof SettingsError)
        assert.match(error.message, /REDIS_URL/)
        assert.equal(error.message.includes('hunter2'), false)
        return true
      },
    )
    assert.throws(() => parseSettings({ REDIS_KEY_PREFIX: 'has space' }), /REDIS_KEY_PREFIX/)
  })
})
