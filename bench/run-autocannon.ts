/**
 * autocannon 9 with the few types the benchmarks use (the package ships no
 * type declarations).
 */
import { createRequire } from 'node:module'

/** The autocannon options the benchmarks set. */
export interface LoadOptions {
  url: string
  method: 'GET' | 'POST'
  connections: number
  durationS: number
  headers: Record<string, string>
  /** Request bodies, taken in turn across all connections (so concurrent requests differ). */
  bodies: readonly string[]
  /** A response body that fails this check counts as a mismatch. */
  verifyBody?: (body: string) => boolean
}

interface Histogram {
  average: number
  p50: number
  p99: number
  max: number
}

/** What one load run measured. */
export interface LoadResult {
  requestsPerS: number
  latencyP50Ms: number
  latencyP99Ms: number
  latencyMaxMs: number
  total: number
  non2xx: number
  errors: number
  timeouts: number
  mismatches: number
  durationS: number
}

interface RawResult {
  requests: Histogram & { total: number }
  latency: Histogram
  non2xx: number
  errors: number
  timeouts: number
  mismatches: number
  duration: number
}

type Autocannon = (options: Record<string, unknown>) => Promise<RawResult>

const require = createRequire(import.meta.url)
const autocannon = require('autocannon') as Autocannon

/** Runs one bounded load (`durationS`, 10 s response timeout) and summarises it. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let next = 0
  const raw = await autocannon({
    url: options.url,
    method: options.method,
    connections: options.connections,
    duration: options.durationS,
    timeout: 10,
    headers: options.headers,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const body = options.bodies[next % options.bodies.length]
          next += 1
          return { ...request, body }
        },
      },
    ],
    ...(options.verifyBody === undefined ? {} : { verifyBody: options.verifyBody }),
  })
  return {
    requestsPerS: raw.requests.average,
    latencyP50Ms: raw.latency.p50,
    latencyP99Ms: raw.latency.p99,
    latencyMaxMs: raw.latency.max,
    total: raw.requests.total,
    non2xx: raw.non2xx,
    errors: raw.errors,
    timeouts: raw.timeouts,
    mismatches: raw.mismatches,
    durationS: raw.duration,
  }
}
