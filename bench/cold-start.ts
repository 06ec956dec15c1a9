/**
 * Cold start of the Lambda bundle: in fresh Node processes started from an empty folder (no
 * node_modules anywhere above the bundle), the time to import `dist/lambda/index.mjs` (which
 * builds the app and runs `ready()`) plus the time to answer the first event: a payload 2.0
 * `POST /health` with a configuration token, so the first answer downloads the simulator's
 * JWKS, verifies the token and makes one upstream call. The simulator runs here on 127.0.0.1
 * with no added latency. Run: `npm run bench:cold-start -- [--runs N] [--node-option X] [bundle...]` (builds first
 * when the bundle is missing); several bundles are measured in turn (A/B/A/B), run by run.
 * @module
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import { relayEnvFor } from '../src/cli/relay-env-lines.ts'
import { type RunningSimulator, startSimulator } from '../src/simulator/index.ts'
import { median, percentile } from './summary-stats.ts'

const run = promisify(execFile)

/** The cold-start target: import plus the first answered event, median. */
export const COLD_START_TARGET_MS = 120

/** One process: import, first event, and their sum; CPU; process wall time. */
export interface ColdStartRun {
  /** The `await import()` of the bundle (app built and ready). */
  importMs: number
  /** The first `handler(event)` call, until its answer. */
  firstEventMs: number
  /** importMs + firstEventMs: what a cold invocation adds to Node's own start. */
  coldMs: number
  /** performance.now() after the first answer: time since the process started. */
  readyMs: number
  /** User + system CPU of the child from its start to the first answer. */
  cpuMs: number
  /**
   * CPU of the import and the first event alone: what coldMs would be on an idle machine
   * (the path is single-threaded but for the simulator round trips), and barely moved by
   * other processes competing for the cores.
   */
  coldCpuMs: number
  /** Spawn to exit, as the parent saw it. */
  wallMs: number
}

/** Medians over all runs, the spread of `coldMs`, plus every run. */
export interface ColdStartResult {
  bundle: string
  bytes: number
  runs: ColdStartRun[]
  median: ColdStartRun
  /** Fastest and slowest coldMs. */
  coldMinMs: number
  coldMaxMs: number
  coldP90Ms: number
}

const API_HOST = 'abc123.execute-api.eu-west-1.amazonaws.com'

const PROBE = [
  "import { readFileSync } from 'node:fs'",
  "const event = JSON.parse(readFileSync('./event.json', 'utf8'))",
  'const cpuBefore = process.cpuUsage()',
  'const before = performance.now()',
  "const module = await import('./index.mjs')",
  'const imported = performance.now()',
  "if (typeof module.handler !== 'function') throw new Error('no handler export')",
  'const response = await module.handler(event, {})',
  'const answered = performance.now()',
  'const cpu = process.cpuUsage()',
  'const coldCpu = process.cpuUsage(cpuBefore)',
  'const body = JSON.parse(response.body)',
  "if (response.statusCode !== 200 || body?.data?.status !== 'ok')",
  "  throw new Error('the first event was not answered ok: ' + response.statusCode + ' ' + response.body)",
  'const figures = { importMs: imported - before, firstEventMs: answered - imported,',
  '  readyMs: answered, cpuMs: (cpu.user + cpu.system) / 1000,',
  '  coldCpuMs: (coldCpu.user + coldCpu.system) / 1000 }',
  "process.stdout.write('COLD ' + JSON.stringify(figures) + '\\n')",
  // Keep-alive sockets to the simulator must not hold the process open.
  'process.exit(0)',
].join('\n')

/** A payload 2.0 POST /health event on the $default stage, as API Gateway sends it. */
function healthEvent(token: string): Record<string, unknown> {
  return {
    version: '2.0',
    routeKey: 'ANY /{proxy+}',
    rawPath: '/health',
    rawQueryString: '',
    headers: {
      host: API_HOST,
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      domainName: API_HOST,
      http: { method: 'POST', path: '/health', protocol: 'HTTP/1.1', sourceIp: '192.0.2.10' },
      requestId: 'cold-start',
      routeKey: 'ANY /{proxy+}',
      stage: '$default',
    },
    isBase64Encoded: false,
  }
}

interface Prepared {
  bundle: string
  dir: string
}

/** The bundle's entry file and its chunk files (what it imports from its own folder). */
async function bundleFiles(bundle: string): Promise<string[]> {
  const chunks = (await readdir(dirname(bundle))).filter((name) => /^chunk-.*\.mjs$/.test(name))
  return [basename(bundle), ...chunks]
}

async function prepare(bundle: string, event: object, root: string, i: number) {
  const dir = join(root, String(i))
  await mkdir(dir)
  await copyFile(bundle, join(dir, 'index.mjs'))
  for (const name of (await bundleFiles(bundle)).slice(1)) {
    await copyFile(join(dirname(bundle), name), join(dir, name))
  }
  await writeFile(join(dir, 'event.json'), JSON.stringify(event))
  return { bundle, dir }
}

async function runOnce(
  { dir }: Prepared,
  sim: RunningSimulator,
  nodeArgs: readonly string[],
): Promise<ColdStartRun> {
  const started = performance.now()
  const { stdout } = await run(
    process.execPath,
    [...nodeArgs, '--input-type=module', '-e', PROBE],
    {
      cwd: dir,
      // Default settings as on a fresh deployment, upstream and keys from the simulator.
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        ...relayEnvFor(sim.urls),
      },
      timeout: 60_000,
    },
  )
  const wallMs = performance.now() - started
  const line = stdout.split('\n').find((text) => text.startsWith('COLD '))
  if (line === undefined) throw new Error(`the probe printed no figures: ${stdout}`)
  const figures = JSON.parse(line.slice(5)) as Omit<ColdStartRun, 'wallMs' | 'coldMs'>
  return { ...figures, coldMs: figures.importMs + figures.firstEventMs, wallMs }
}

function summarise(bundle: string, bytes: number, runs: ColdStartRun[]): ColdStartResult {
  const of = (key: keyof ColdStartRun) => runs.map((r) => r[key])
  const cold = of('coldMs')
  return {
    bundle,
    bytes,
    runs,
    median: {
      importMs: median(of('importMs')),
      firstEventMs: median(of('firstEventMs')),
      coldMs: median(cold),
      readyMs: median(of('readyMs')),
      cpuMs: median(of('cpuMs')),
      coldCpuMs: median(of('coldCpuMs')),
      wallMs: median(of('wallMs')),
    },
    coldMinMs: Math.min(...cold),
    coldMaxMs: Math.max(...cold),
    coldP90Ms: percentile(cold, 90),
  }
}

/**
 * Measure each of `bundles` in `runs` fresh processes (at least 7), alternating between the
 * bundles run by run so a change in the machine's load hits them alike.
 */
export async function measureColdStarts(
  bundles: readonly string[],
  options: { runs?: number; nodeArgs?: readonly string[] } = {},
): Promise<ColdStartResult[]> {
  const runs = Math.max(7, options.runs ?? 9)
  const sim = await startSimulator({ latencyMs: 0 })
  const root = await mkdtemp(join(tmpdir(), 'gti-relay-cold-'))
  try {
    const token = await sim.signToken({ aud: `https://${API_HOST}`, key: sim.apiKey })
    const event = healthEvent(token)
    const prepared = await Promise.all(bundles.map((b, i) => prepare(b, event, root, i)))
    const results: ColdStartRun[][] = bundles.map(() => [])
    for (let i = 0; i < runs; i++) {
      for (const [index, entry] of prepared.entries()) {
        results[index]?.push(await runOnce(entry, sim, options.nodeArgs ?? []))
      }
    }
    return await Promise.all(
      bundles.map(async (b, i) => summarise(b, (await stat(b)).size, results[i] ?? [])),
    )
  } finally {
    await rm(root, { recursive: true, force: true })
    await sim.close()
  }
}

/** Measure one bundle (see {@link measureColdStarts}). */
export async function measureColdStart(
  bundle: string,
  options: { runs?: number; nodeArgs?: readonly string[] } = {},
): Promise<ColdStartResult> {
  const [result] = await measureColdStarts([bundle], options)
  if (result === undefined) throw new Error('unreachable: no result')
  return result
}

/** One line: median import + first event against the target, spread and CPU. */
export function describeColdStart(result: ColdStartResult): string {
  const m = result.median
  const pass = m.coldMs < COLD_START_TARGET_MS ? 'PASS' : 'FAIL'
  const cpuPass = m.coldCpuMs < COLD_START_TARGET_MS ? 'PASS' : 'FAIL'
  const cpu = result.runs.map((r) => r.coldCpuMs)
  return (
    `cold start ${m.coldMs.toFixed(1)} ms median (import ${m.importMs.toFixed(1)} + first ` +
    `event ${m.firstEventMs.toFixed(1)}; spread ${result.coldMinMs.toFixed(1)}-` +
    `${result.coldMaxMs.toFixed(1)}, p90 ${result.coldP90Ms.toFixed(1)}; ` +
    `${result.runs.length} processes) (target < ${COLD_START_TARGET_MS} ms) ${pass}; ` +
    `its CPU ${m.coldCpuMs.toFixed(1)} ms median (spread ${Math.min(...cpu).toFixed(1)}-` +
    `${Math.max(...cpu).toFixed(1)}) ${cpuPass}`
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '9' },
      'node-option': { type: 'string', multiple: true, default: [] },
    },
  })
  const bundles =
    positionals.length > 0
      ? positionals.map((b) => resolve(b))
      : [join(root, 'dist/lambda/index.mjs')]
  if (positionals.length === 0 && !existsSync(bundles[0] as string)) {
    await run(process.execPath, [join(root, 'scripts/build.mjs')])
  }
  const results = await measureColdStarts(bundles, {
    runs: Number(values.runs),
    nodeArgs: values['node-option'] ?? [],
  })
  const ms = (value: number) => `${value.toFixed(1)} ms`
  for (const result of results) {
    console.log(`\nbundle ${result.bundle} (${(result.bytes / 1024 / 1024).toFixed(2)} MB)`)
    console.log('run: import | first event | import + first event | its cpu | process wall')
    result.runs.forEach((r, i) => {
      console.log(
        `${i + 1}: ${ms(r.importMs)} | ${ms(r.firstEventMs)} | ${ms(r.coldMs)} | ${ms(r.coldCpuMs)} | ${ms(r.wallMs)}`,
      )
    })
    console.log(describeColdStart(result))
  }
}
