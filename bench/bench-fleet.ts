/**
 * The fleet case: three relays (each as `npm start` runs it) sharing one real
 * Redis, a client spreading single-observable observes across them in turn.
 * Request mixes with more repetition should raise the cache hit rate and
 * lower the upstream calls per answer; a lookup always starts with one
 * detections call, so hits are counted from those calls, not assumed.
 */
import { createClient } from 'redis'
import { createRandom, type SampleObservable, startSimulator } from '../src/simulator/index.ts'
import { startRedisServer } from '../test/support/redis-server.ts'
import { benchObservables } from './bench-observables.ts'
import type { BenchSection } from './bench-sections.ts'
import { postRelay, relayEnv } from './relay-calls.ts'
import type { RelayChild } from './relay-child.ts'
import { startServerChild } from './server-child.ts'
import { round } from './summary-stats.ts'

const REPLICAS = 3
const CONCURRENCY = 16

interface Mix {
  name: string
  /** Distinct observables asked. */
  distinct: number
  /** Times each is asked. */
  repeats: number
}

const MIXES: readonly Mix[] = [
  { name: 'all distinct', distinct: 200, repeats: 1 },
  { name: '4 asks each', distinct: 100, repeats: 4 },
  { name: '40 asks each', distinct: 10, repeats: 40 },
]

interface MixRow {
  mix: string
  answers: number
  lookups: number
  upstreamCalls: number
  hitRate: number
  callsPerAnswer: number
  answersWithErrors: number
  answersPerS: number
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = createRandom(seed)
  const out = [...items]
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

async function runMix(
  relays: readonly { child: RelayChild; token: string }[],
  sequence: readonly SampleObservable[],
): Promise<{ errors: number; ms: number }> {
  let next = 0
  let errors = 0
  const started = performance.now()
  const worker = async () => {
    for (let index = next++; index < sequence.length; index = next++) {
      const relay = relays[index % relays.length] as { child: RelayChild; token: string }
      const answer = await postRelay(relay.child.url, '/observe/observables', relay.token, [
        sequence[index],
      ])
      // A `limit reached` note (more sightings than the entities limit) is an answer, not a failure.
      const failed = (answer.body?.errors ?? []).some(
        (error: { code?: string }) => error.code !== 'limit reached',
      )
      if (answer.status !== 200 || failed) errors += 1
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return { errors, ms: performance.now() - started }
}

export const fleetSection: BenchSection = {
  name: 'fleet',
  async run(context) {
    const redis = await startRedisServer()
    const sim = await startSimulator({
      dataset: context.dataset,
      latencyMs: context.latencyMs,
      keyFile: context.keyFile,
    })
    const children: RelayChild[] = []
    const admin = createClient({ url: redis.url })
    try {
      await admin.connect()
      const env = relayEnv(sim, {
        ...context.relayEnv,
        REDIS_URL: redis.url,
        ANSWER_CACHE_TTL_S: '60',
      })
      for (let i = 0; i < REPLICAS; i += 1) children.push(await startServerChild(env))
      // Each relay connects in the background: wait until Redis sees all of them.
      for (let i = 0; i < 200; i += 1) {
        const clients = String(await admin.sendCommand(['CLIENT', 'LIST']))
          .trim()
          .split('\n')
        if (clients.length > REPLICAS) break
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      const relays = await Promise.all(
        children.map(async (child) => ({ child, token: await sim.signToken({ aud: child.url }) })),
      )
      const pool = benchObservables(context.dataset, 200)
      const rows: MixRow[] = []
      for (const [n, mix] of MIXES.entries()) {
        await admin.flushAll()
        const chosen = pool.slice(0, mix.distinct)
        const sequence = shuffled(
          chosen.flatMap((observable) => Array.from({ length: mix.repeats }, () => observable)),
          n + 1,
        )
        sim.resetStats()
        const { errors, ms } = await runMix(relays, sequence)
        const stats = sim.stats()
        const lookups = stats.byRoute.detections ?? 0
        rows.push({
          mix: mix.name,
          answers: sequence.length,
          lookups,
          upstreamCalls: stats.total,
          hitRate: round(1 - lookups / sequence.length, 3),
          callsPerAnswer: round(stats.total / sequence.length, 3),
          answersWithErrors: errors,
          answersPerS: round(sequence.length / (ms / 1000)),
        })
      }
      const byHitRate = [...rows].sort((a, b) => a.hitRate - b.hitRate)
      const falling = byHitRate.every(
        (row, i) => i === 0 || row.callsPerAnswer < (byHitRate[i - 1] as MixRow).callsPerAnswer,
      )
      const clean = rows.every((row) => row.answersWithErrors === 0)
      const pass = falling && clean
      const lines = [
        `\nfleet: ${REPLICAS} relays (npm start) sharing one Redis, ${CONCURRENCY} requests in flight spread across them in turn, ` +
          `one observable per request, simulator ${context.latencyMs} ms per call`,
        'mix          | answers | lookups | hit rate | upstream calls | calls/answer | with errors | answers/s',
        ...rows.map(
          (row) =>
            `${row.mix.padEnd(12)} | ${String(row.answers).padStart(7)} | ${String(row.lookups).padStart(7)} | ` +
            `${row.hitRate.toFixed(3).padStart(8)} | ${String(row.upstreamCalls).padStart(14)} | ` +
            `${row.callsPerAnswer.toFixed(3).padStart(12)} | ${String(row.answersWithErrors).padStart(11)} | ` +
            `${String(row.answersPerS).padStart(9)}`,
        ),
        `calls per answer fall as the hit rate rises, no errors: ${pass ? 'PASS' : 'FAIL'}`,
      ]
      return { lines, failed: pass ? [] : ['fleet'], report: { replicas: REPLICAS, rows, pass } }
    } finally {
      admin.destroy()
      await Promise.allSettled(children.map((child) => child.stop()))
      await sim.close()
      await redis.stop()
    }
  },
}
