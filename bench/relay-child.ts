/**
 * Parent side of relay-process.ts: starts the relay in its own Node process,
 * reads its RSS, counts its log lines by level, and stops it.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { bundleRelayProcess } from './bundle-relay-process.ts'
import type { RelayCommand, RelayReport } from './relay-process.ts'

/** A relay running in a child process. */
export interface RelayChild {
  url: string
  pid: number
  /** `bundle` (plain Node on an esbuild bundle) or `tsx` (the sources through tsx). */
  mode: RelayChildMode
  /** Resident set size of the child, in bytes (from /proc, else asked over IPC). */
  rssBytes(): Promise<number>
  /**
   * RSS, V8 heap and external memory, in bytes, as the child reports them over IPC; with
   * `gc`, after a full collection (the child must run with `--expose-gc`).
   */
  memory(options?: { gc?: boolean }): Promise<Omit<Extract<RelayReport, { type: 'rss' }>, 'type'>>
  /** User + system CPU time the child has used, in ms (from /proc; NaN elsewhere). */
  cpuMs(): number
  /** Log lines seen so far, by pino level name. */
  logCounts(): Record<string, number>
  /** The last log lines (newest last). */
  recentLogs(): string[]
  /** Asks the child to close, waits for its exit (killed after `graceMs`). */
  stop(graceMs?: number): Promise<void>
}

/** How the child runs the relay. */
export type RelayChildMode = 'bundle' | 'tsx'

const ENTRY = fileURLToPath(new URL('./relay-process.ts', import.meta.url))
const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
}

function vmRssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]
    return kb === undefined ? undefined : Number(kb) * 1024
  } catch {
    return undefined
  }
}

function cpuTimeMs(pid: number): number {
  try {
    // Fields after the command name: state is 3rd, utime 14th, stime 15th (clock ticks).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return Number.NaN
  }
}

function waitForReport<T extends RelayReport['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<RelayReport, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`relay child sent no ${type} within ${timeoutMs} ms`))
    }, timeoutMs)
    const onMessage = (report: RelayReport): void => {
      if (report.type === 'failed') {
        cleanup()
        reject(new Error(`relay child failed: ${report.message}`))
      } else if (report.type === type) {
        cleanup()
        resolve(report as Extract<RelayReport, { type: T }>)
      }
    }
    const onExit = (code: number | null): void => {
      cleanup()
      reject(new Error(`relay child exited (code ${code}) before sending ${type}`))
    }
    const cleanup = (): void => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/**
 * Starts the relay with `env` (merged over a minimal environment) in a child
 * process. `nodeArgs` are extra Node options, e.g. `--cpu-prof`.
 */
export async function startRelayChild(
  env: Record<string, string>,
  options: { nodeArgs?: readonly string[]; mode?: RelayChildMode } = {},
): Promise<RelayChild> {
  const mode = options.mode ?? 'bundle'
  const bundle = mode === 'bundle' ? await bundleRelayProcess() : undefined
  const nodeArgs = options.nodeArgs ?? []
  const child = fork(bundle?.file ?? ENTRY, [], {
    execArgv: bundle === undefined ? ['--import', 'tsx', ...nodeArgs] : [...nodeArgs],
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const counts: Record<string, number> = {}
  const recent: string[] = []
  const remember = (line: string): void => {
    let level = 'other'
    try {
      const parsed = JSON.parse(line) as { level?: number }
      level = LEVELS[parsed.level ?? 0] ?? 'other'
    } catch {
      // Not a pino line (e.g. a Node warning on stderr).
    }
    counts[level] = (counts[level] ?? 0) + 1
    recent.push(line.length > 400 ? `${line.slice(0, 400)}…` : line)
    if (recent.length > 20) recent.shift()
  }
  for (const stream of [child.stdout, child.stderr]) {
    if (stream !== null) createInterface({ input: stream }).on('line', remember)
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve())).then(() =>
    bundle === undefined ? undefined : rm(bundle.dir, { recursive: true, force: true }),
  )
  const ready = await waitForReport(child, 'ready', 30_000).catch(async (error: unknown) => {
    child.kill('SIGKILL')
    await exited
    throw new Error(`${(error as Error).message}\n${recent.join('\n')}`)
  })
  const command = (message: RelayCommand): void => {
    if (child.connected) child.send(message)
  }
  return {
    url: ready.url,
    pid: ready.pid,
    mode,
    async rssBytes() {
      const fromProc = vmRssBytes(ready.pid)
      if (fromProc !== undefined) return fromProc
      const answer = waitForReport(child, 'rss', 5000)
      command({ type: 'rss' })
      return (await answer).rssBytes
    },
    async memory(options = {}) {
      const answer = waitForReport(child, 'rss', 5000)
      command({ type: 'rss', gc: options.gc === true })
      const { type: _type, ...figures } = await answer
      return figures
    },
    cpuMs: () => cpuTimeMs(ready.pid),
    logCounts: () => ({ ...counts }),
    recentLogs: () => [...recent],
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      command({ type: 'stop' })
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}
