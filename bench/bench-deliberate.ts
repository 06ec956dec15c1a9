/**
 * The deliberate figures of `npm run bench` (issue 12): round trips of a 1- and
 * a 20-observable deliberate, and the relay CPU per answer. Throughput runs
 * beside observe's in bench.ts, with the same observables.
 */
import type { Dataset, RunningSimulator } from '../src/simulator/index.ts'
import { benchObservables } from './bench-observables.ts'
import { postRelay } from './relay-calls.ts'
import type { RelayChild } from './relay-child.ts'
import { median, round } from './summary-stats.ts'

/** Observable counts of the deliberate latency rows. */
export const DELIBERATE_COUNTS = [1, 20] as const

/** One deliberate latency row. */
export interface DeliberateLatencyRow {
  observables: number
  runs: number
  medianMs: number
  roundTrips: number
  /** Upstream detections calls of the slowest observable: 1 unless it was paged. */
  pages: number
  /** One round trip per page, plus half a round trip of relay overhead at most. */
  target: number
  pass: boolean
  upstreamCalls: number
  verdicts: number
  errors: number
  relayCpuMs: number
}

/** Measure deliberate latency in round trips of the simulator's fixed latency. */
export async function measureDeliberateLatency(
  sim: RunningSimulator,
  relay: RelayChild,
  token: string,
  dataset: Dataset,
  options: { runs: number; latencyMs: number },
): Promise<DeliberateLatencyRow[]> {
  const rows: DeliberateLatencyRow[] = []
  for (const n of DELIBERATE_COUNTS) {
    const observables = benchObservables(dataset, n)
    await postRelay(relay.url, '/deliberate/observables', token, observables)
    const samples: { ms: number; calls: number; verdicts: number; errors: number }[] = []
    const cpuBefore = relay.cpuMs()
    for (let run = 0; run < options.runs; run++) {
      sim.resetStats()
      const answer = await postRelay(relay.url, '/deliberate/observables', token, observables)
      if (answer.status !== 200) {
        throw new Error(`deliberate answered ${answer.status}: ${answer.text}`)
      }
      const stats = sim.stats()
      samples.push({
        ms: answer.ms,
        calls: stats.byRoute.detections ?? 0,
        verdicts: answer.body?.data?.verdicts?.count ?? 0,
        errors: Array.isArray(answer.body?.errors) ? answer.body.errors.length : 0,
      })
    }
    const relayCpuMs = (relay.cpuMs() - cpuBefore) / options.runs
    const medianMs = median(samples.map((s) => s.ms))
    const roundTrips = medianMs / options.latencyMs
    const calls = median(samples.map((s) => s.calls))
    // Observables are looked up side by side, so extra pages of one add to the total only.
    const pages = Math.max(1, calls - n + 1)
    const target = pages + 0.5
    rows.push({
      observables: n,
      runs: options.runs,
      medianMs: round(medianMs),
      roundTrips: round(roundTrips, 2),
      pages,
      target,
      pass: roundTrips <= target,
      upstreamCalls: calls,
      verdicts: samples.at(-1)?.verdicts ?? 0,
      errors: Math.max(...samples.map((s) => s.errors)),
      relayCpuMs: round(relayCpuMs),
    })
  }
  return rows
}

/** The table of {@link measureDeliberateLatency}, each figure next to its target. */
export function formatDeliberateLatency(rows: readonly DeliberateLatencyRow[], latencyMs: number) {
  const pad = (value: unknown, width: number) => String(value).padStart(width)
  return [
    `\ndeliberate latency (simulator adds ${latencyMs} ms per call; target: 1 round trip per detections page, +0.5 for the relay)`,
    'observables |  median ms | round trips | target     | detections calls | verdicts | errors | relay cpu ms/answer',
    ...rows.map(
      (row) =>
        `${pad(row.observables, 11)} | ${pad(row.medianMs.toFixed(1), 10)} | ${pad(row.roundTrips.toFixed(2), 11)} | ` +
        `${`<= ${row.target} ${row.pass ? 'PASS' : 'FAIL'}`.padEnd(10)} | ${pad(row.upstreamCalls, 16)} | ` +
        `${pad(row.verdicts, 8)} | ${pad(row.errors, 6)} | ${pad(row.relayCpuMs, 19)}`,
    ),
  ]
}
