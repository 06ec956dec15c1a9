/**
 * Tile latency for `npm run bench`: the five tiles of a dashboard requested
 * together for `last_7_days` and `last_90_days`, cold (a key nothing is
 * cached for) and warm (the same requests again), against a simulated tenant
 * with a 90-day history large enough to need several pages per query.
 */
import {
  generateDataset,
  type RunningSimulator,
  type SimulatorOptions,
} from '../src/simulator/index.ts'
import { TILE_IDS } from '../src/tiles/index.ts'
import { postRelay } from './relay-calls.ts'
import { median, round } from './summary-stats.ts'

/** Periods measured. */
export const TILE_PERIODS = ['last_7_days', 'last_90_days'] as const

/**
 * Targets, in ms, at 50 ms per upstream call. Cold: the two queries run side
 * by side, each a first page then the rest four at a time (about three round
 * trips for 6000 detections), plus parsing; warm: served from the cache.
 */
export const TILE_TARGETS_MS = {
  cold: { last_7_days: 400, last_90_days: 600 },
  warm: 20,
}

/** Detections of the tenant: ~6000 over 90 days, ~3000 of them in the last 7. */
const DATASET_SIZE = { events: 2000, detections: 6000 }

/** One row: a period and phase, the five tiles' medians and the dashboard's. */
export interface TileLatencyRow {
  period: (typeof TILE_PERIODS)[number]
  phase: 'cold' | 'warm'
  runs: number
  /** Median over runs of the slowest of the five (the dashboard is complete then). */
  dashboardMs: number
  /** Median over runs per tile. */
  tileMs: Record<string, number>
  /** Median upstream calls per round of five. */
  upstreamCalls: number
  /** Median CPU the relay process spent on the round of five (barely moved by other load). */
  relayCpuMs: number
  errors: number
  target: number
  pass: boolean
}

/** What {@link measureTiles} needs: the relay, and a way to (re)start the simulator it calls. */
export interface TilesBenchOptions {
  relayUrl: string
  runs: number
  latencyMs: number
  /** CPU time used so far by the relay process, in ms. */
  relayCpuMs: () => number
  startSimulator(options: SimulatorOptions): Promise<RunningSimulator>
}

/** Runs the measurement; returns the rows and the simulator it started (the caller closes it). */
export async function measureTiles(
  options: TilesBenchOptions,
): Promise<{ rows: TileLatencyRow[]; sim: RunningSimulator; detections: number }> {
  const keys = Array.from({ length: options.runs }, (_, i) => `bench-tiles-key-${i}`)
  const dataset = generateDataset({ seed: 3, size: DATASET_SIZE })
  const sim = await options.startSimulator({ dataset, latencyMs: options.latencyMs, apiKeys: keys })
  const samples = new Map<string, Samples>()
  const sample = (period: string, phase: string) => {
    const key = `${period}/${phase}`
    let entry = samples.get(key)
    if (entry === undefined) {
      entry = { dashboard: [], calls: [], cpu: [], errors: 0, tiles: new Map() }
      samples.set(key, entry)
    }
    return entry
  }

  try {
    await measureRounds(sim, keys, options, sample)
  } catch (error) {
    await sim.close()
    throw error
  }
  return { rows: summarise(sample), sim, detections: dataset.detections.length }
}

/** Raw measurements of one period and phase. */
interface Samples {
  dashboard: number[]
  calls: number[]
  cpu: number[]
  errors: number
  tiles: Map<string, number[]>
}

async function measureRounds(
  sim: RunningSimulator,
  keys: readonly string[],
  options: TilesBenchOptions,
  sample: (period: string, phase: string) => Samples,
): Promise<void> {
  const { relayUrl } = options
  for (const key of keys) {
    // A fresh key per run: nothing of it is cached, so the first round is truly cold.
    const token = await sim.signToken({ aud: relayUrl, key })
    for (const period of TILE_PERIODS) {
      for (const phase of ['cold', 'warm'] as const) {
        sim.resetStats()
        const cpuBefore = options.relayCpuMs()
        const answers = await Promise.all(
          TILE_IDS.map((tile_id) =>
            postRelay(relayUrl, '/tiles/tile-data', token, { tile_id, period }),
          ),
        )
        const entry = sample(period, phase)
        entry.dashboard.push(Math.max(...answers.map((answer) => answer.ms)))
        entry.calls.push(sim.stats().total)
        entry.cpu.push(options.relayCpuMs() - cpuBefore)
        answers.forEach((answer, i) => {
          const tile = TILE_IDS[i] as string
          if (answer.status !== 200 || answer.body?.errors !== undefined) entry.errors += 1
          entry.tiles.set(tile, [...(entry.tiles.get(tile) ?? []), answer.ms])
        })
      }
    }
  }
}

function summarise(sample: (period: string, phase: string) => Samples): TileLatencyRow[] {
  const rows: TileLatencyRow[] = []
  for (const period of TILE_PERIODS) {
    for (const phase of ['cold', 'warm'] as const) {
      const entry = sample(period, phase)
      const dashboardMs = round(median(entry.dashboard), 1)
      const target = phase === 'cold' ? TILE_TARGETS_MS.cold[period] : TILE_TARGETS_MS.warm
      rows.push({
        period,
        phase,
        runs: entry.dashboard.length,
        dashboardMs,
        tileMs: Object.fromEntries(
          [...entry.tiles].map(([tile, ms]) => [tile, round(median(ms), 1)]),
        ),
        upstreamCalls: median(entry.calls),
        relayCpuMs: round(median(entry.cpu), 1),
        errors: entry.errors,
        target,
        pass: entry.errors === 0 && dashboardMs <= target,
      })
    }
  }
  return rows
}

/** The rows as the lines `npm run bench` prints. */
export function tileLatencyLines(rows: readonly TileLatencyRow[]): string[] {
  const short = (tile: string) => tile.replace(/^gti-(detections?-)?/, '')
  const tiles = TILE_IDS.map(short)
  const pad = (value: unknown, width: number) => String(value).padStart(width)
  return [
    `period        | phase | dashboard ms | target     | calls | relay cpu ms | errors | ${tiles.map((t) => pad(t, 12)).join(' | ')}`,
    ...rows.map(
      (row) =>
        `${row.period.padEnd(13)} | ${row.phase.padEnd(5)} | ${pad(row.dashboardMs.toFixed(1), 12)} | ` +
        `${pad(`<= ${row.target}`, 7)} ${row.pass ? 'PASS' : 'FAIL'} | ${pad(row.upstreamCalls, 5)} | ${pad(row.relayCpuMs, 12)} | ` +
        `${pad(row.errors, 6)} | ${TILE_IDS.map((tile) => pad((row.tileMs[tile] ?? Number.NaN).toFixed(1), 12)).join(' | ')}`,
    ),
  ]
}
