/**
 * A fleet: two relays sharing one real Redis (started by this test) and one
 * simulator. The answer cache and the per-key back-off are shared; Redis
 * dying mid-test changes no answer.
 */
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { pino } from 'pino'
import { createClient } from 'redis'
import { createAnswerCache, type StoredPart } from '../../src/answers/index.ts'
import { createMemoryCache, hashApiKey } from '../../src/cache/index.ts'
import { relayEnvFor } from '../../src/cli/relay-env-lines.ts'
import { parseSettings } from '../../src/config/settings.ts'
import { createSharedState, type SharedState } from '../../src/fleet-state/index.ts'
import type { Observable } from '../../src/observables/observable.ts'
import {
  type RunningSimulator,
  startSimulator,
  WELL_KNOWN_OBSERVABLES,
} from '../../src/simulator/index.ts'
import { type RunningRelay, startRelayServer } from '../../src/start-relay-server.ts'
import { type RedisServer, redisSkipReason, startRedisServer } from '../support/redis-server.ts'

const SECOND_KEY = 'second-api-key-of-the-fleet-test'
const KEY_429 = 'rate-limited-key-of-the-fleet-test'

interface Replica {
  relay: RunningRelay
  logs: string[]
}

let redis: RedisServer
let sim: RunningSimulator
let a: Replica
let b: Replica

async function startReplica(env: Record<string, string> = {}): Promise<Replica> {
  const logs: string[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk))
      done()
    },
  })
  const settings = parseSettings({
    ...relayEnvFor(sim.urls),
    REDIS_URL: redis.url,
    REQUEST_TIMEOUT_MS: '5000',
    ...env,
  })
  const relay = await startRelayServer(
    { ...settings, host: '127.0.0.1', port: 0 },
    { logger: pino({ level: 'info' }, sink) },
  )
  return { relay, logs }
}

const logged = (replica: Replica, text: string) =>
  replica.logs.filter((line) => line.includes(text)).length

/** Polls a log line the relay writes when its Redis connection changes state. */
async function untilLogged(replica: Replica, text: string, count = 1): Promise<void> {
  for (let i = 0; i < 500 && logged(replica, text) < count; i += 1) await sleep(20)
  assert.ok(logged(replica, text) >= count, `the relay logged "${text}"`)
}

async function observe(replica: Replica, observables: Observable[], key = sim.apiKey) {
  const token = await sim.signToken({ aud: replica.relay.url, key })
  const response = await fetch(`${replica.relay.url}/observe/observables`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(observables),
  })
  assert.equal(response.status, 200)
  return (await response.json()) as { data?: any; errors?: any[] }
}

/**
 * Zeroes the simulator's counts once earlier requests' stray calls are over (a DHCP lookup
 * started early whose answer was not needed may still be running after its answer was sent).
 */
async function resetStats(): Promise<void> {
  for (let quiet = 0, i = 0; quiet < 5 && i < 500; i += 1) {
    quiet = sim.stats().inFlight === 0 ? quiet + 1 : 0
    await sleep(10)
  }
  sim.resetStats()
}

/** The answer with its transient ids blanked: what must not change between lookups. */
const comparable = (body: unknown) =>
  JSON.parse(JSON.stringify(body).replace(/transient:[^"]+/g, 'transient'))

const WELL_KNOWN: Observable[] = Object.entries(WELL_KNOWN_OBSERVABLES).map(([type, value]) => ({
  type: type as Observable['type'],
  value,
}))

const skip = redisSkipReason()
if (skip !== undefined) console.log(`# fleet tests skipped: ${skip}`)

before(async () => {
  if (skip !== undefined) return
  redis = await startRedisServer()
  sim = await startSimulator({ apiKeys: [SECOND_KEY, KEY_429] })
  a = await startReplica()
  b = await startReplica()
  await Promise.all([untilLogged(a, 'Redis connected'), untilLogged(b, 'Redis connected')])
})
after(async () => {
  await Promise.allSettled([a?.relay.close(), b?.relay.close()])
  await sim?.close()
  await redis?.stop()
})

describe('a fleet sharing Redis', { skip }, () => {
  test('an answer cached by replica A is served by A and B with zero upstream calls', async () => {
    const [ip] = WELL_KNOWN
    const first = await observe(a, [ip as Observable])
    assert.equal(first.errors, undefined, JSON.stringify(first.errors))
    assert.ok(first.data.sightings.count > 0)
    await resetStats()
    const fromB = await observe(b, [ip as Observable])
    const fromA = await observe(a, [ip as Observable])
    assert.equal(sim.stats().total, 0, 'no upstream call for a cached answer')
    assert.deepEqual(fromB, first)
    assert.deepEqual(fromA, first)
  })

  test('per observable: a request whose other observables are cached looks up only the new one', async () => {
    await observe(a, WELL_KNOWN.slice(0, 3))
    await resetStats()
    const body = await observe(b, WELL_KNOWN.slice(0, 4))
    assert.equal(body.errors, undefined, JSON.stringify(body.errors))
    const asked = sim.stats().byRoute
    assert.equal(asked.detections, 1, JSON.stringify(asked))
  })

  test('two keys never share an entry, and Redis holds no API key', async () => {
    const [ip] = WELL_KNOWN
    await observe(a, [ip as Observable])
    await resetStats()
    const other = await observe(b, [ip as Observable], SECOND_KEY)
    assert.ok(sim.stats().total > 0, 'the second key made its own lookup')
    assert.equal(other.errors, undefined)

    const client = createClient({ url: redis.url })
    await client.connect()
    try {
      const keys = await client.keys('*')
      assert.ok(keys.some((key) => key.includes(hashApiKey(sim.apiKey))))
      assert.ok(keys.some((key) => key.includes(hashApiKey(SECOND_KEY))))
      for (const key of keys) {
        for (const secret of [sim.apiKey, SECOND_KEY]) {
          assert.equal(key.includes(secret), false, 'no key names an API key')
          const value = (await client.type(key)) === 'string' ? await client.get(key) : ''
          assert.equal(String(value).includes(secret), false, 'no value holds an API key')
        }
        assert.ok((await client.pTTL(key)) > 0, `${key} expires`)
      }
    } finally {
      client.destroy()
    }
  })

  test('invalidate(observable) on one replica makes the other look it up again', async () => {
    const now = () => Date.now()
    const states: SharedState[] = [0, 1].map(() =>
      createSharedState({
        redis: {
          url: redis.url,
          keyPrefix: 'invalidate-test:',
          connectTimeoutMs: 1000,
          commandTimeoutMs: 500,
        },
        logger: pino({ level: 'silent' }),
        now,
      }),
    )
    const caches = states.map((state) =>
      createAnswerCache({
        parts: state.cache(
          'answers',
          createMemoryCache<StoredPart>({
            maxEntries: 10,
            maxBytes: 10_000,
            sizeOf: () => 1,
            clock: { now },
          }),
          10_000,
        ),
        generations: state.cache(
          'answers',
          createMemoryCache<string>({
            maxEntries: 10,
            maxBytes: 10_000,
            sizeOf: () => 1,
            clock: { now },
          }),
          1000,
        ),
        ttlMs: 60_000,
      }),
    )
    try {
      for (let i = 0; i < 250 && !states.every((state) => state.connected); i += 1) await sleep(20)
      assert.ok(
        states.every((state) => state.connected),
        'both connected to Redis',
      )
      const observable: Observable = { type: 'ip', value: '192.0.2.10' }
      let lookups = 0
      const lookup = async (observables: readonly Observable[]) => {
        lookups += 1
        return observables.map(() => ({ data: { n: lookups }, errors: [] }))
      }
      const request = {
        scope: 'respond',
        apiKey: 'k',
        allowTestAccounts: false,
        variant: '',
        observables: [observable],
      }
      const [one, two] = caches as [(typeof caches)[0], (typeof caches)[0]]
      await one.parts(request, lookup)
      assert.deepEqual((await two.parts(request, lookup))[0]?.data, { n: 1 }, 'shared')
      assert.equal(lookups, 1)
      await two.invalidate(observable)
      assert.deepEqual((await one.parts(request, lookup))[0]?.data, { n: 2 })
      assert.equal(lookups, 2)
      assert.deepEqual((await two.parts(request, lookup))[0]?.data, { n: 2 }, 'cached again')
    } finally {
      await Promise.all(states.map((state) => state.close()))
    }
  })

  test('a 429 with Retry-After on replica A stops replica B calling for that key', async () => {
    sim.setFaults([
      { fault: 'http-429', route: 'detections', apiKey: KEY_429, retryAfterSeconds: 60, times: 1 },
    ])
    try {
      const [, domain] = WELL_KNOWN as [Observable, Observable]
      // Nothing is known about it, so its lookup ends with the refused call.
      const unknown: Observable = { type: 'domain', value: 'nothing-known.example' }
      const onA = await observe(a, [unknown], KEY_429)
      assert.equal(onA.errors?.[0]?.code, 'too many requests')
      assert.match(onA.errors?.[0]?.message, /429/)
      await resetStats()
      const onB = await observe(b, [domain], KEY_429)
      assert.equal(onB.data, undefined)
      assert.ok((onB.errors ?? []).length > 0)
      for (const error of onB.errors ?? []) {
        assert.equal(error.code, 'too many requests')
        assert.match(error.message, /did not call/)
      }
      assert.equal(sim.stats().total, 0, 'replica B sent nothing upstream')
      const otherKey = await observe(b, [domain], SECOND_KEY)
      assert.equal(otherKey.errors, undefined, 'other keys are not held back')
    } finally {
      sim.setFaults([])
    }
  })

  test('a hung Redis (stopped, connections open) keeps every answer correct', async () => {
    const expected = comparable(await observe(a, WELL_KNOWN))
    redis.pause()
    try {
      for (let round = 0; round < 3; round += 1) {
        for (const replica of [a, b]) {
          const body = await observe(replica, WELL_KNOWN)
          assert.equal(body.errors, undefined, JSON.stringify(body.errors))
          assert.deepEqual(comparable(body), expected)
        }
      }
      // The command deadline, then the breaker, kept each request from waiting on it.
      assert.ok(logged(a, 'commands time out') + logged(b, 'commands time out') >= 1)
    } finally {
      redis.resume()
    }
    await Promise.all([untilLogged(a, 'Redis is back'), untilLogged(b, 'Redis is back')])
  })

  test('killing Redis mid-test keeps every answer correct; it is logged once; it comes back', async () => {
    const expected = comparable(await observe(a, WELL_KNOWN))
    const before = [a, b].map((replica) => logged(replica, 'Redis is unavailable'))
    const backBefore = [a, b].map((replica) => logged(replica, 'Redis is back'))
    await redis.kill()
    for (let round = 0; round < 3; round += 1) {
      for (const replica of [a, b]) {
        const body = await observe(replica, WELL_KNOWN)
        assert.equal(body.errors, undefined, JSON.stringify(body.errors))
        assert.deepEqual(comparable(body), expected)
        const one = await observe(replica, [WELL_KNOWN[round] as Observable])
        assert.equal(one.errors, undefined)
      }
    }
    await untilLogged(a, 'Redis is unavailable', (before[0] ?? 0) + 1)
    assert.equal(logged(a, 'Redis is unavailable'), (before[0] ?? 0) + 1, 'logged once')
    assert.equal(logged(b, 'Redis is unavailable'), (before[1] ?? 0) + 1, 'logged once')

    await redis.restart()
    await Promise.all([
      untilLogged(a, 'Redis is back', (backBefore[0] ?? 0) + 1),
      untilLogged(b, 'Redis is back', (backBefore[1] ?? 0) + 1),
    ])
    const after = await observe(b, WELL_KNOWN)
    assert.deepEqual(comparable(after), expected)
    await resetStats()
    assert.deepEqual(comparable(await observe(a, WELL_KNOWN)), expected)
    assert.equal(sim.stats().total, 0, 'shared again: B stored what A now reads')
  })
})
