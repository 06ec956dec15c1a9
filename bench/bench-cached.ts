/**
 * The cached case: the same observable asked again and again of one relay run
 * as `npm start` runs it, with the answer cache on (its default). After the
 * first answer, every one comes from the cache: no upstream call. The load is `byte-load.ts`:
 * each answer must equal the second answer byte for byte.
 */
import { startSimulator } from '../src/simulator/index.ts'
import { benchObservables } from './bench-observables.ts'
import type { BenchSection } from './bench-sections.ts'
import { runByteLoad } from './byte-load.ts'
import { postRelay, relayEnv, sightingCount } from './relay-calls.ts'
import { startServerChild } from './server-child.ts'
import { round } from './summary-stats.ts'

/** Answers per second from the cache. */
export const CACHED_TARGET_REQUESTS_PER_S = 5000

export const cachedSection: BenchSection = {
  name: 'cached observe',
  async run(context) {
    const sim = await startSimulator({
      dataset: context.dataset,
      latencyMs: context.latencyMs,
      keyFile: context.keyFile,
    })
    const relay = await startServerChild(
      relayEnv(sim, { ...context.relayEnv, ANSWER_CACHE_TTL_S: '60' }),
    )
    try {
      const token = await sim.signToken({ aud: relay.url })
      const observable = benchObservables(context.dataset, 20).find(() => true)
      if (observable === undefined) throw new Error('no observable to ask')
      const first = await postRelay(relay.url, '/observe/observables', token, [observable])
      const second = await postRelay(relay.url, '/observe/observables', token, [observable])
      if (sightingCount(first) === 0) throw new Error(`no sightings for ${observable.value}`)
      if (second.text !== first.text) throw new Error('the cached answer differs from the first')
      // Every cached answer is the same bytes: the load checks each one against them in full.
      const base = {
        url: `${relay.url}/observe/observables`,
        connections: context.connections,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify([observable]),
        expected: Buffer.from(second.text),
      }
      await runByteLoad({ ...base, durationS: context.quick ? 1 : 2 })
      sim.resetStats()
      const cpuBefore = relay.cpuMs()
      const result = await runByteLoad({ ...base, durationS: context.durationS })
      const calls = sim.stats().total
      const cpuMsPerRequest = round((relay.cpuMs() - cpuBefore) / Math.max(1, result.total), 3)
      const clean = result.errors + result.timeouts + result.non2xx + result.mismatches === 0
      const pass = result.requestsPerS >= CACHED_TARGET_REQUESTS_PER_S && clean && calls === 0
      const lines = [
        `\ncached observe (the same observable again; relay as npm start, ANSWER_CACHE_TTL_S=60; ${context.connections} connections x ${context.durationS} s)`,
        `first answer ${round(first.ms)} ms, second ${round(second.ms)} ms; load: ${round(result.requestsPerS)} req/s ` +
          `(target >= ${CACHED_TARGET_REQUESTS_PER_S}) ${pass ? 'PASS' : 'FAIL'}, p50 ${result.latencyP50Ms} ms, ` +
          `p99 ${result.latencyP99Ms} ms, ${result.total} answers, ${calls} upstream calls, ` +
          `non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}, not real ${result.mismatches}, relay cpu ${cpuMsPerRequest} ms/answer, ${first.text.length} bytes per answer, each compared in full`,
      ]
      return {
        lines,
        failed: pass ? [] : ['cached observe'],
        report: {
          firstMs: round(first.ms),
          secondMs: round(second.ms),
          ...result,
          upstreamCalls: calls,
          relayCpuMsPerRequest: cpuMsPerRequest,
          target: CACHED_TARGET_REQUESTS_PER_S,
          pass,
        },
      }
    } finally {
      await relay.stop()
      await sim.close()
    }
  },
}
