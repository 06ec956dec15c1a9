/**
 * `npm run soak`: mixed valid, invalid, hostile and faulty traffic at a relay
 * in a child process for a set time, every answer classified as data, an
 * expected relay error, or unexpected (5xx, non-JSON, connection error, an
 * answer past the deadline, a code the request should not get). Prints
 * counts, latency, the relay's RSS over time and a memory verdict; exits 1
 * on any unexpected answer, 2 when memory grows. Flags: `--duration-s` (60),
 * `--workers` (8), `--request-timeout-ms` (2000), `--latency-ms` (5),
 * `--relay bundle|tsx`, `--hostile` (adds bench/soak-hostile.ts: amplified upstream,
 * slow clients, oversized bodies, forged tokens against a dead key host, and judges
 * the relay's peak RSS and `/watchdog` times as well).
 */
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Pool } from 'undici'
import {
  createRandom,
  generateDataset,
  startSimulator,
  withHostileObservable,
} from '../src/simulator/index.ts'
import { benchObservables } from './bench-observables.ts'
import { parseFlags, usageError } from './command-line.ts'
import { describeMachine, machineInfo } from './machine-info.ts'
import { relayEnv } from './relay-calls.ts'
import { type RelayChildMode, startRelayChild } from './relay-child.ts'
import { AMPLIFIED, type HostileReport, peakRssBytes, runHostileTraffic } from './soak-hostile.ts'
import { type Expectation, type SoakKind, soakKinds } from './soak-traffic.ts'
import { mean, megabytes, percentile, round } from './summary-stats.ts'

// The 429 lane's own API key: the relay makes every call of a key that got a 429 wait (shared
// back-off), which is right for one customer and would leak into the other lanes with one key.
const THROTTLED_KEY = 'soak-throttled-key'

const USAGE = `
Usage: npm run soak -- [options]

Mixed valid, invalid, hostile and faulty traffic at a relay child for a set time; prints
counts, latency, the relay's RSS over time and a memory verdict. Exits 1 on any unexpected
answer, 2 when memory grows or an option is wrong.

Options:
  --duration-s N           how long to run (default 60)
  --workers N              concurrent request loops (default 8)
  --request-timeout-ms N   the relay's REQUEST_TIMEOUT_MS (default 2000, at least 100)
  --latency-ms N           simulated upstream latency per call (default 5)
  --relay bundle|tsx       how the relay child runs (default bundle)
  --hostile                add hostile traffic: 25 MB amplified upstream answers, slow clients,
                           oversized bodies, forged tokens against a dead key host
  --amplified-files N      files in each of the 4 amplified events (default 37000: ~25 MB per
                           answer; 10000 gives ~6.8 MB, under GTI_MAX_ANSWER_BYTES, so it is parsed)
  --amplified-pause-ms N   pause between two amplified requests (default 250): the soak is also
                           the upstream and serialises every 25 MB answer; unpaced it takes a
                           full core of a small machine away from the relay it measures
  -h, --help               this text
`

const flags = parseFlags(USAGE, {
  'duration-s': { type: 'string', default: '60' },
  workers: { type: 'string', default: '8' },
  'request-timeout-ms': { type: 'string', default: '2000' },
  'latency-ms': { type: 'string', default: '5' },
  relay: { type: 'string', default: 'bundle' },
  hostile: { type: 'boolean', default: false },
  'amplified-files': { type: 'string', default: String(AMPLIFIED.filesPerEvent) },
  'amplified-pause-ms': { type: 'string', default: '250' },
})

function intFlag(name: string, text: string | undefined, min: number): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < min)
    usageError(USAGE, `--${name} must be an integer >= ${min}`)
  return value
}

const durationS = intFlag('duration-s', flags['duration-s'], 1)
const workers = intFlag('workers', flags.workers, 1)
const requestTimeoutMs = intFlag('request-timeout-ms', flags['request-timeout-ms'], 100)
const latencyMs = intFlag('latency-ms', flags['latency-ms'], 0)
const relayMode = flags.relay as RelayChildMode
if (relayMode !== 'bundle' && relayMode !== 'tsx') usageError(USAGE, '--relay is bundle or tsx')
/** An answer later than the relay's deadline plus this is unexpected. */
const DEADLINE_SLACK_MS = 1000
const CLIENT_TIMEOUT_MS = requestTimeoutMs + 5000
const MAX_REQUESTS = 2_000_000
const hostile = flags.hostile === true
const amplified = {
  ...AMPLIFIED,
  filesPerEvent: intFlag('amplified-files', flags['amplified-files'], 0),
}
const amplifiedPauseMs = intFlag('amplified-pause-ms', flags['amplified-pause-ms'], 0)
/** Hostile mode's bounds: the relay's peak RSS and the slowest `/watchdog` answer. */
const MAX_PEAK_RSS_MB = 250
const MAX_WATCHDOG_MS = 100

/** A loopback port that was free a moment ago and nobody listens on: a dead key host. */
async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

type Outcome = 'ok' | `expected: ${string}` | `UNEXPECTED: ${string}`

interface Answer {
  status: number
  text: string
}

function classify(expect: Expectation, answer: Answer, ms: number): Outcome {
  if (answer.status >= 500) return `UNEXPECTED: http ${answer.status}`
  let body: { data?: unknown; errors?: { code?: unknown }[] }
  try {
    body = JSON.parse(answer.text)
  } catch {
    return 'UNEXPECTED: non-JSON answer'
  }
  if (ms > requestTimeoutMs + DEADLINE_SLACK_MS) return 'UNEXPECTED: answered past the deadline'
  if (answer.status !== 200) return `UNEXPECTED: http ${answer.status}`
  const codes = (Array.isArray(body.errors) ? body.errors : []).map((e) => String(e.code))
  if (expect.ok) {
    const allowed = new Set(expect.allowed ?? [])
    const stray = codes.filter((code) => !allowed.has(code))
    if (body.data === undefined) return `UNEXPECTED: no data (${codes.join(', ') || 'no errors'})`
    return stray.length === 0 ? 'ok' : `UNEXPECTED: code ${stray.join(', ')}`
  }
  if (codes.length === 0) return 'UNEXPECTED: no error for a bad request'
  const stray = codes.filter((code) => !expect.codes.includes(code))
  return stray.length === 0 ? `expected: ${codes[0]}` : `UNEXPECTED: code ${stray.join(', ')}`
}

interface KindTally {
  count: number
  outcomes: Map<Outcome, number>
  latenciesMs: number[]
}

async function main(): Promise<void> {
  console.log(describeMachine(machineInfo()))
  console.log(
    `load average at start: ${loadavg()
      .map((v) => round(v, 2))
      .join(' ')}`,
  )
  console.log(
    `soak: ${durationS} s, ${workers} workers, relay REQUEST_TIMEOUT_MS ${requestTimeoutMs}, ` +
      `simulator latency ${latencyMs} ms (+ up to ${latencyMs} ms jitter), relay child: ${relayMode}`,
  )
  const base = generateDataset({ seed: 2, size: 'medium' })
  const dataset = hostile ? withHostileObservable(base, amplified) : base
  // The hostile events come first: what one events answer for the amplified IP weighs.
  // Decimal megabytes, as the issue counts them.
  const amplifiedMb = round(
    Buffer.byteLength(JSON.stringify(dataset.events.slice(0, amplified.events))) / 1e6,
    1,
  )
  if (hostile) {
    console.log(
      `amplified upstream answer: ${amplifiedMb} MB, one request at a time, ` +
        `${amplifiedPauseMs} ms apart`,
    )
  }
  // Hostile mode serves HTTPS so the relay can fetch keys from an allow-listed host (keys are
  // only fetched over HTTPS): the simulator's, and a dead one for forged tokens.
  const sim = await startSimulator({
    dataset,
    apiKeys: [THROTTLED_KEY],
    latencyMs,
    jitterMs: latencyMs,
    faultSeed: 7,
    https: hostile,
  })
  const simHost = new URL(sim.url).host
  const deadHost = `127.0.0.1:${await deadPort()}`
  const env = relayEnv(sim, {
    REQUEST_TIMEOUT_MS: String(requestTimeoutMs),
    GTI_CALL_TIMEOUT_MS: String(Math.max(100, Math.floor(requestTimeoutMs / 2))),
  })
  if (hostile) {
    const caFile = join(tmpdir(), `gti-relay-soak-ca-${process.pid}.pem`)
    writeFileSync(caFile, sim.ca ?? '')
    delete env.JWKS_URL
    Object.assign(env, {
      JWKS_ALLOWED_HOSTS: `${simHost},${deadHost}`,
      NODE_EXTRA_CA_CERTS: caFile,
      HEADERS_TIMEOUT_MS: '2000',
      BODY_TIMEOUT_MS: '4000',
    })
  }
  const relay = await startRelayChild(
    env,
    // --expose-gc: memory is sampled after a full collection, so the verdict sees what is
    // retained (what a leak grows) rather than where the collector happened to be.
    {
      mode: relayMode,
      nodeArgs: [
        '--expose-gc',
        ...(process.env.SOAK_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SOAK_PROF}`] : []),
      ],
    },
  )
  const pool = new Pool(relay.url, { connections: workers })
  const failures: string[] = []
  try {
    const now = Math.floor(Date.now() / 1000)
    const keyHost = hostile ? { jwks_host: simHost } : {}
    const tokens = {
      valid: await sim.signToken({ aud: relay.url, exp: now + durationS + 600, ...keyHost }),
      throttled: await sim.signToken({
        aud: relay.url,
        exp: now + durationS + 600,
        key: THROTTLED_KEY,
        ...keyHost,
      }),
      wrongAudience: await sim.signToken({ aud: 'http://elsewhere.invalid' }),
      expired: await sim.signToken({ aud: relay.url, iat: now - 7200, exp: now - 3600 }),
    }
    // The valid kinds expect data: keep the observables that find something on their own.
    const valid = []
    // From the base dataset: the hostile observable has its own lane and is not ordinary traffic.
    for (const observable of benchObservables(base, 100)) {
      const response = await pool.request({
        method: 'POST',
        path: '/observe/observables',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.valid}` },
        body: JSON.stringify([observable]),
      })
      const text = await response.body.text()
      if (text.includes('"sightings"') && !text.includes('"errors"')) valid.push(observable)
    }
    console.log(
      `${valid.length} of 100 sample observables find sightings alone; they are the valid ones`,
    )
    if (valid.length === 0) throw new Error('no sample observable finds sightings')
    // Over HTTPS the simulator cannot reset a TLS socket and answers 500 to the reset fault.
    const kinds = soakKinds(valid).map((kind) =>
      hostile && kind.name === 'fault reset'
        ? {
            ...kind,
            expect: { ok: false as const, codes: ['connection error', 'service unavailable'] },
          }
        : kind,
    )
    const totalWeight = kinds.reduce((sum, kind) => sum + kind.weight, 0)
    const random = createRandom(11)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random.next() * list.length)] as T
    const pickKind = (): SoakKind => {
      let left = random.next() * totalWeight
      for (const kind of kinds) {
        left -= kind.weight
        if (left < 0) return kind
      }
      return kinds[kinds.length - 1]!
    }
    const tallies = new Map<string, KindTally>(
      kinds.map((kind) => [kind.name, { count: 0, outcomes: new Map(), latenciesMs: [] }]),
    )

    const rssSamples: { atS: number; mb: number; heapMb: number }[] = []
    const startedMs = performance.now()
    const elapsedS = () => (performance.now() - startedMs) / 1000
    const sampleRss = async () => {
      const memory = await relay.memory({ gc: true })
      rssSamples.push({
        atS: round(elapsedS(), 1),
        mb: megabytes(memory.rssBytes),
        heapMb: megabytes(memory.heapUsedBytes),
      })
    }
    await sampleRss()
    const first = rssSamples[0]!
    console.log(`\nrss   0 s: ${first.mb} MB (heap retained after GC ${first.heapMb} MB)`)

    let sent = 0
    const stopAtMs = startedMs + durationS * 1000
    const worker = async (): Promise<void> => {
      while (performance.now() < stopAtMs && sent < MAX_REQUESTS) {
        sent++
        const kind = pickKind()
        const { body, token } = kind.build(pick, tokens)
        const headers: Record<string, string> = { 'content-type': 'application/json' }
        if (token !== undefined) headers.authorization = `Bearer ${token}`
        const began = performance.now()
        let outcome: Outcome
        try {
          const response = await pool.request({
            method: 'POST',
            path: kind.path,
            headers,
            body,
            headersTimeout: CLIENT_TIMEOUT_MS,
            bodyTimeout: CLIENT_TIMEOUT_MS,
          })
          const text = await response.body.text()
          outcome = classify(
            kind.expect,
            { status: response.statusCode, text },
            performance.now() - began,
          )
          if (outcome.startsWith('UNEXPECTED') && failures.length < 10) {
            failures.push(`${kind.name}: ${outcome}: ${text.slice(0, 300)}`)
          }
        } catch (error) {
          const code = (error as { code?: string }).code ?? 'unknown'
          outcome = code.includes('TIMEOUT')
            ? `UNEXPECTED: no answer within ${CLIENT_TIMEOUT_MS} ms`
            : `UNEXPECTED: connection error ${code}`
          if (failures.length < 10) failures.push(`${kind.name}: ${outcome}`)
        }
        const tally = tallies.get(kind.name)!
        tally.count++
        tally.latenciesMs.push(performance.now() - began)
        tally.outcomes.set(outcome, (tally.outcomes.get(outcome) ?? 0) + 1)
      }
    }
    // Each sample forces a full collection in the relay (50-100 ms on a busy machine): in hostile
    // mode, where /watchdog is timed, they are spaced out so the probe times the relay rather than
    // the soak's own collections. The peak RSS comes from the kernel (VmHWM), not from samples.
    const sampleEveryMs = hostile ? 5000 : 1000
    const sampler = async (): Promise<void> => {
      let nextPrintS = 10
      while (performance.now() < stopAtMs) {
        await sleep(Math.min(sampleEveryMs, Math.max(0, stopAtMs - performance.now())))
        await sampleRss()
        const last = rssSamples[rssSamples.length - 1]!
        if (last.atS >= nextPrintS - 0.5) {
          console.log(
            `rss ${String(nextPrintS).padStart(3)} s: ${last.mb} MB ` +
              `(heap retained ${last.heapMb} MB, ${sent} requests)`,
          )
          nextPrintS += 10
        }
      }
    }
    const hostileRun: Promise<HostileReport | undefined> = hostile
      ? runHostileTraffic({
          relayUrl: relay.url,
          validToken: tokens.valid,
          forgedToken: await sim.signToken({ aud: relay.url, jwks_host: deadHost }),
          stopAtMs: Date.now() + durationS * 1000,
          amplifiedLabel: `amplified ${amplifiedMb} MB upstream`,
          amplifiedPauseMs,
        })
      : Promise.resolve(undefined)
    const [hostileReport] = await Promise.all([
      hostileRun,
      sampler(),
      ...Array.from({ length: workers }, worker),
    ])
    const wallS = elapsedS()
    await sampleRss()
    const end = rssSamples[rssSamples.length - 1]!
    console.log(`rss end:   ${end.mb} MB (heap retained ${end.heapMb} MB)`)

    console.log('\nkind              | requests |   ok | expected | unexpected | p50 ms | p99 ms')
    const all: number[] = []
    const byOutcome = new Map<Outcome, number>()
    let unexpected = 0
    let expected = 0
    let ok = 0
    for (const kind of kinds) {
      const tally = tallies.get(kind.name)!
      all.push(...tally.latenciesMs)
      let kOk = 0
      let kExpected = 0
      let kUnexpected = 0
      for (const [outcome, count] of tally.outcomes) {
        byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + count)
        if (outcome === 'ok') kOk += count
        else if (outcome.startsWith('expected')) kExpected += count
        else kUnexpected += count
      }
      ok += kOk
      expected += kExpected
      unexpected += kUnexpected
      console.log(
        `${kind.name.padEnd(17)} | ${String(tally.count).padStart(8)} | ${String(kOk).padStart(4)} | ` +
          `${String(kExpected).padStart(8)} | ${String(kUnexpected).padStart(10)} | ` +
          `${round(percentile(tally.latenciesMs, 50)).toFixed(1).padStart(6)} | ` +
          `${round(percentile(tally.latenciesMs, 99)).toFixed(1).padStart(6)}`,
      )
    }
    const served = ok + expected + unexpected
    console.log(
      `\nserved ${served} requests in ${round(wallS)} s (${round(served / wallS)} req/s): ` +
        `${ok} ok, ${expected} expected relay errors, ${unexpected} unexpected; ` +
        `latency p50 ${round(percentile(all, 50))} ms, p99 ${round(percentile(all, 99))} ms`,
    )
    console.log('answers by kind of outcome:')
    for (const [outcome, count] of [...byOutcome].sort((a, b) => b[1] - a[1])) {
      console.log(`  ${String(count).padStart(7)}  ${outcome}`)
    }
    const stats = sim.stats()
    console.log(
      `simulator: ${stats.total} API calls, faults ${JSON.stringify(stats.faults)}, ` +
        `statuses ${JSON.stringify(stats.byStatus)}`,
    )
    console.log(`relay log lines: ${JSON.stringify(relay.logCounts())}`)

    // Start-up and JIT warm-up fill the first third; compare the two settled thirds. The
    // verdict is on the heap retained after a full collection; RSS is shown beside it.
    const third = (from: number, to: number, pick: (s: (typeof rssSamples)[number]) => number) =>
      mean(
        rssSamples
          .filter((s) => s.atS >= (from * wallS) / 3 && s.atS < (to * wallS) / 3 + 0.5)
          .map(pick),
      )
    const middle = third(1, 2, (s) => s.heapMb)
    const last = third(2, 3, (s) => s.heapMb)
    const allowanceMb = Math.max(5, middle * 0.1)
    const growing = last - middle > allowanceMb
    console.log(
      `memory: retained heap after GC, mean of middle third ${round(middle)} MB, last third ` +
        `${round(last)} MB (allowance ${round(allowanceMb)} MB): ${growing ? 'GROWING' : 'flat'}; ` +
        `RSS ${round(third(1, 2, (s) => s.mb))} -> ${round(third(2, 3, (s) => s.mb))} MB`,
    )
    console.log(
      `load average at end: ${loadavg()
        .map((v) => round(v, 2))
        .join(' ')}`,
    )
    let hostileFailed = false
    if (hostileReport !== undefined) {
      const peakMb = megabytes(peakRssBytes(relay.pid) ?? 0)
      const inside = await relay.memory()
      const probes = hostileReport.watchdogMs
      const answered = probes.filter((ms) => ms >= 0)
      const slowest = answered.reduce((max, ms) => Math.max(max, ms), 0)
      const late = answered.filter((ms) => ms >= MAX_WATCHDOG_MS).length
      const hostileUnexpected = Object.entries(hostileReport.counts)
        .filter(([key]) => key.endsWith('UNEXPECTED'))
        .reduce((sum, [, n]) => sum + n, 0)
      console.log('\nhostile traffic:')
      for (const [key, n] of Object.entries(hostileReport.counts).sort()) {
        console.log(`  ${String(n).padStart(7)}  ${key}`)
      }
      console.log(
        `relay peak RSS (VmHWM): ${peakMb} MB (bound ${MAX_PEAK_RSS_MB} MB); /watchdog: ` +
          `${probes.length} probes, ${probes.length - answered.length} failed, p50 ` +
          `${round(percentile(answered, 50))} ms, p99 ${round(percentile(answered, 99))} ms, ` +
          `max ${round(slowest)} ms, ${late} at or over ${MAX_WATCHDOG_MS} ms`,
      )
      console.log(
        `relay event-loop delay seen from inside (10 ms resolution, includes the GC the memory ` +
          `samples force): p99 ${round(inside.loopDelayP99Ms)} ms, max ${round(inside.loopDelayMaxMs)} ms; ` +
          `slowest forced GC ${round(inside.forcedGcMaxMs)} ms`,
      )
      // On a shared machine the relay competes for cores with the soak (which is also the
      // upstream, serialising every 25 MB answer) and with anything else running.
      const soakCpu = process.cpuUsage()
      console.log(
        `CPU over ${round(wallS)} s: relay ${round(relay.cpuMs() / 1000)} s, soak process ` +
          `(simulator, clients, probe) ${round((soakCpu.user + soakCpu.system) / 1e6)} s; ` +
          `load average ${loadavg()
            .map((v) => round(v, 2))
            .join(' ')}`,
      )
      // Which probes were slow, by number (one every ~100 ms plus its own time): a start-up cost
      // shows as the first ones, a stall of the relay anywhere.
      const slowProbes = probes
        .map((ms, index) => ({ ms, index }))
        .filter(({ ms }) => ms >= MAX_WATCHDOG_MS)
        .map(({ ms, index }) => `#${index} ${round(ms)} ms`)
      if (slowProbes.length > 0) console.log(`slow probes: ${slowProbes.join(', ')}`)
      for (const line of hostileReport.unexpected) console.log(`  ${line}`)
      const errorLines = relay.logCounts().error ?? 0
      hostileFailed =
        hostileUnexpected > 0 ||
        peakMb > MAX_PEAK_RSS_MB ||
        late > 0 ||
        answered.length < probes.length ||
        errorLines > 0
      if (errorLines > 0) console.log(`relay error log lines: ${errorLines}`)
    }
    if (failures.length > 0) {
      console.log('\nfirst unexpected answers:')
      for (const line of failures) console.log(`  ${line}`)
    }
    console.log(
      unexpected === 0 && !growing && !hostileFailed
        ? '\nsoak passed'
        : `\nsoak FAILED: ${unexpected} unexpected answers${growing ? ', memory growing' : ''}${hostileFailed ? ', hostile bounds broken' : ''}`,
    )
    process.exitCode = unexpected > 0 || hostileFailed ? 1 : growing ? 2 : 0
  } finally {
    await pool.close()
    await relay.stop()
    await sim.close()
  }
}

await main()
