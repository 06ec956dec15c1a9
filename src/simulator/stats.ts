/**
 * Request counters, so tests and benchmarks can see how the relay used the
 * upstream: calls per route, answers per status, faults, concurrency.
 * @module
 */

/**
 * A snapshot. `total`, `inFlight` and `peakInFlight` count ThreatINSIGHT API
 * calls only; `byRoute` also counts the JWKS and unknown routes
 * (`not-found`); admin routes are never counted.
 */
export interface SimulatorStats {
  total: number
  byRoute: Record<string, number>
  byStatus: Record<string, number>
  faults: Record<string, number>
  inFlight: number
  peakInFlight: number
}

/** Mutable counters behind {@link SimulatorStats}. */
export interface StatsTracker {
  /** Counts a request; call the returned function once when it ends (answered or not). */
  begin(route: string, api: boolean): () => void
  status(code: number): void
  fault(name: string): void
  snapshot(): SimulatorStats
  /** Zeroes the counts; the peak restarts from the requests still in flight. */
  reset(): void
}

/** Creates zeroed counters. */
export function createStatsTracker(): StatsTracker {
  let stats = empty(0)
  const bump = (record: Record<string, number>, key: string): void => {
    record[key] = (record[key] ?? 0) + 1
  }
  return {
    begin(route, api) {
      bump(stats.byRoute, route)
      if (!api) return () => {}
      stats.total++
      stats.inFlight++
      stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight)
      let ended = false
      return () => {
        if (ended) return
        ended = true
        stats.inFlight--
      }
    },
    status: (code) => bump(stats.byStatus, String(code)),
    fault: (name) => bump(stats.faults, name),
    snapshot: () => structuredClone(stats),
    reset() {
      stats = empty(stats.inFlight)
    },
  }
}

function empty(inFlight: number): SimulatorStats {
  return { total: 0, byRoute: {}, byStatus: {}, faults: {}, inFlight, peakInFlight: inFlight }
}
