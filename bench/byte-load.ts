/**
 * A load generator for answers known to the byte: keep-alive HTTP/1.1 connections that send one
 * fixed request in a loop and compare every answer's body with the expected bytes as they arrive.
 * autocannon decodes each body into a string (its request queue appends every chunk as text);
 * with a 90 KB answer that costs the client more CPU than the relay spends making the answer, so
 * on two cores it measured itself. Here a body is compared, never decoded: each answer is still
 * checked in full.
 * @module
 */
import { connect, type Socket } from 'node:net'
import type { LoadResult } from './run-autocannon.ts'
import { median, percentile } from './summary-stats.ts'

/** One bounded load of the same request. */
export interface ByteLoadOptions {
  url: string
  connections: number
  durationS: number
  headers: Record<string, string>
  body: string
  /** The answer body every response must equal, byte for byte. */
  expected: Buffer
  /** A response slower than this counts as a timeout and its connection is replaced. */
  timeoutMs?: number
}

const HEADER_END = Buffer.from('\r\n\r\n')

function requestBytes(url: URL, headers: Record<string, string>, body: string): Buffer {
  const payload = Buffer.from(body)
  const lines = [
    `POST ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${payload.length}`,
    '',
    '',
  ]
  return Buffer.concat([Buffer.from(lines.join('\r\n')), payload])
}

interface Tally {
  latenciesMs: number[]
  non2xx: number
  errors: number
  timeouts: number
  mismatches: number
}

/** Runs the load for `durationS` and reports it as the autocannon runs are reported. */
export async function runByteLoad(options: ByteLoadOptions): Promise<LoadResult> {
  const url = new URL(options.url)
  const request = requestBytes(url, options.headers, options.body)
  const timeoutMs = options.timeoutMs ?? 10_000
  const tally: Tally = { latenciesMs: [], non2xx: 0, errors: 0, timeouts: 0, mismatches: 0 }
  const startedMs = performance.now()
  const endMs = startedMs + options.durationS * 1000
  const plan: LoadPlan = { url, request, expected: options.expected, timeoutMs, endMs, tally }
  const loops = Array.from({ length: options.connections }, () => connectionLoop(plan))
  await Promise.all(loops)
  const elapsedS = (performance.now() - startedMs) / 1000
  const total = tally.latenciesMs.length
  const sorted = [...tally.latenciesMs].sort((a, b) => a - b)
  return {
    requestsPerS: total / elapsedS,
    latencyP50Ms: Math.round(median(sorted)),
    latencyP99Ms: Math.round(percentile(sorted, 99)),
    latencyMaxMs: Math.round(sorted[sorted.length - 1] ?? 0),
    total,
    non2xx: tally.non2xx,
    errors: tally.errors,
    timeouts: tally.timeouts,
    mismatches: tally.mismatches,
    durationS: Math.round(elapsedS * 100) / 100,
  }
}

/** What every connection of one load shares. */
interface LoadPlan {
  url: URL
  request: Buffer
  expected: Buffer
  timeoutMs: number
  endMs: number
  tally: Tally
}

/** One connection asking again and again until `endMs`; reconnects after a failure. */
async function connectionLoop(plan: LoadPlan): Promise<void> {
  while (performance.now() < plan.endMs) {
    const ok = await askOnOneSocket(plan)
    if (!ok) plan.tally.errors += 1
  }
}

/** Resolves true when the socket ended only because the time was up. */
function askOnOneSocket({
  url,
  request,
  expected,
  timeoutMs,
  endMs,
  tally,
}: LoadPlan): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(url.port), url.hostname)
    socket.setNoDelay(true)
    let head: Buffer = Buffer.alloc(0)
    let inBody = false
    let status = 0
    let length = 0
    let read = 0
    let same = true
    let sentMs = 0
    let timer: NodeJS.Timeout | undefined
    const finish = (clean: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(clean)
    }
    const send = () => {
      if (performance.now() >= endMs) return finish(true)
      head = Buffer.alloc(0)
      inBody = false
      read = 0
      same = true
      sentMs = performance.now()
      timer = setTimeout(() => {
        tally.timeouts += 1
        finish(true)
      }, timeoutMs)
      socket.write(request)
    }
    const bodyBytes = (chunk: Buffer) => {
      const take = Math.min(chunk.length, length - read)
      if (
        same &&
        (read + take > expected.length || chunk.compare(expected, read, read + take, 0, take) !== 0)
      ) {
        same = false
      }
      read += take
      if (read < length) return
      clearTimeout(timer)
      tally.latenciesMs.push(performance.now() - sentMs)
      if (status < 200 || status > 299) tally.non2xx += 1
      else if (!same || length !== expected.length) tally.mismatches += 1
      if (take < chunk.length) return finish(false) // bytes beyond the answer: not HTTP we know
      send()
    }
    socket.on('data', (chunk: Buffer) => {
      if (inBody) return bodyBytes(chunk)
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk])
      const end = head.indexOf(HEADER_END)
      if (end < 0) return
      const text = head.subarray(0, end).toString('latin1')
      const statusMatch = /^HTTP\/1\.1 (\d{3})/.exec(text)
      const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(text)
      // Only fixed-length answers are expected; chunked or unparsable ones end the socket.
      if (statusMatch === null || lengthMatch === null) return finish(false)
      status = Number(statusMatch[1])
      length = Number(lengthMatch[1])
      inBody = true
      const rest = head.subarray(end + HEADER_END.length)
      if (rest.length > 0 || length === 0) bodyBytes(rest)
    })
    socket.once('connect', send)
    socket.once('error', () => finish(false))
    socket.once('close', () => finish(false))
  })
}
