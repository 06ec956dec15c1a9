/**
 * Extra sections of `npm run bench`, each measuring against its own simulator
 * and relays and reporting its figures next to their targets. To add one
 * (deliberate, say), write a `BenchSection` in its own file and append it to
 * {@link BENCH_SECTIONS}; bench.ts runs them in order after the tiles.
 */
import type { Dataset } from '../src/simulator/index.ts'
import { cachedSection } from './bench-cached.ts'
import { fleetSection } from './bench-fleet.ts'

/** What every section gets from bench.ts. */
export interface BenchContext {
  dataset: Dataset
  /** Simulated upstream latency per call, ms. */
  latencyMs: number
  /** Repetitions of a latency measurement. */
  runs: number
  /** Length of a throughput load, s. */
  durationS: number
  connections: number
  quick: boolean
  /** A simulator signing key file shared by every simulator of the run. */
  keyFile: string
  /** Relay settings the run was asked to try (`--relay-env`). */
  relayEnv: Record<string, string>
}

/** A section's printed lines, the names of its missed targets, and its figures for the JSON report. */
export interface BenchSectionResult {
  lines: string[]
  failed: string[]
  report: unknown
}

/** One section of the bench. */
export interface BenchSection {
  name: string
  run(context: BenchContext): Promise<BenchSectionResult>
}

/** The sections bench.ts runs after its own, in this order. */
export const BENCH_SECTIONS: readonly BenchSection[] = [cachedSection, fleetSection]
