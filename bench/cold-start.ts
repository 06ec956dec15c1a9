/**
 * Cold start of the Lambda bundle: in fresh Node processes started from an empty folder (no
 * node_modules anywhere above the bundle), how long until `dist/lambda/index.mjs` is imported
 * and evaluated, which includes building the app and `ready()`. Run: `npm run bench:cold-start`
 * (builds first when the bundle is missing).
 * @module
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** One process: milliseconds from its start to the module evaluated, the import alone, CPU. */
export interface ColdStartRun {
  /** performance.now() after the import: time since the process started. */
  readyMs: number
  /** The `await import()` alone. */
  importMs: number
  /** User + system CPU of the child up to that point (less sensitive to a busy machine). */
  cpuMs: number
  /** Spawn to exit, as the parent saw it. */
  wallMs: number
}

/** Medians over all runs, plus every run. */
export interface ColdStartResult {
  bundle: string
  bytes: number
  runs: ColdStartRun[]
  median: ColdStartRun
}

const PROBE = [
  'const before = performance.now()',
  "const module = await import('./index.mjs')",
  'const after = performance.now()',
  "if (typeof module.handler !== 'function') throw new Error('no handler export')",
  'const cpu = process.cpuUsage()',
  'const figures = { readyMs: after, importMs: after - before, cpuMs: (cpu.user + cpu.system) / 1000 }',
  "process.stdout.write('COLD ' + JSON.stringify(figures) + '\\n')",
].join('\n')

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** Import `bundle` in `runs` fresh processes (at least 7) from an empty temporary folder. */
export async function measureColdStart(
  bundle: string,
  options: { runs?: number } = {},
): Promise<ColdStartResult> {
  const runs = Math.max(7, options.runs ?? 9)
  const dir = await mkdtemp(join(tmpdir(), 'gti-relay-cold-'))
  try {
    await copyFile(bundle, join(dir, 'index.mjs'))
    const results: ColdStartRun[] = []
    for (let i = 0; i < runs; i++) {
      const started = performance.now()
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', PROBE], {
        cwd: dir,
        // Default settings, as on a fresh deployment; quiet logs keep stdout to the probe.
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
        timeout: 60_000,
      })
      const wallMs = performance.now() - started
      const line = stdout.split('\n').find((text) => text.startsWith('COLD '))
      if (line === undefined) throw new Error(`the probe printed no figures: ${stdout}`)
      results.push({ ...(JSON.parse(line.slice(5)) as Omit<ColdStartRun, 'wallMs'>), wallMs })
    }
    return {
      bundle,
      bytes: (await stat(bundle)).size,
      runs: results,
      median: {
        readyMs: median(results.map((r) => r.readyMs)),
        importMs: median(results.map((r) => r.importMs)),
        cpuMs: median(results.map((r) => r.cpuMs)),
        wallMs: median(results.map((r) => r.wallMs)),
      },
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const bundle = join(root, 'dist/lambda/index.mjs')
  if (!existsSync(bundle)) await run(process.execPath, [join(root, 'scripts/build.mjs')])
  const runs = Number(process.argv[2] ?? 9)
  const result = await measureColdStart(bundle, { runs })
  // The same probe on an empty module: Node's own start-up on this machine, for comparison.
  const scratch = await mkdtemp(join(tmpdir(), 'gti-relay-cold-baseline-'))
  const empty = join(scratch, 'empty.mjs')
  await writeFile(empty, 'export const handler = async () => ({})\n')
  const baseline = await measureColdStart(empty, { runs }).finally(() =>
    rm(scratch, { recursive: true, force: true }),
  )
  const ms = (value: number) => `${value.toFixed(1)} ms`
  console.log(`bundle ${result.bundle} (${(result.bytes / 1024 / 1024).toFixed(2)} MB)`)
  console.log('run: ready since process start | import alone | cpu | process wall')
  result.runs.forEach((r, i) => {
    console.log(`${i + 1}: ${ms(r.readyMs)} | ${ms(r.importMs)} | ${ms(r.cpuMs)} | ${ms(r.wallMs)}`)
  })
  const m = result.median
  console.log(
    `median of ${result.runs.length}: ready ${ms(m.readyMs)}, import ${ms(m.importMs)}, ` +
      `cpu ${ms(m.cpuMs)}, wall ${ms(m.wallMs)}`,
  )
  const b = baseline.median
  console.log(
    `baseline (empty module), median: ready ${ms(b.readyMs)}, import ${ms(b.importMs)}, ` +
      `cpu ${ms(b.cpuMs)}, wall ${ms(b.wallMs)}`,
  )
}
