/**
 * Parent side of relay-process.ts: starts the relay in its own Node process,
 * reads its RSS, counts its log lines by level, and stops it.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { bundleRelayProcess } from './bundle-relay-process.ts'
import { watchChildLogs } from './child-logs.ts'
import { procCpuMs, procRssBytes } from './proc-usage.ts'
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
  const logs = watchChildLogs(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve())).then(() =>
    bundle === undefined ? undefined : rm(bundle.dir, { recursive: true, force: true }),
  )
  const ready = await waitForReport(child, 'ready', 30_000).catch(async (error: unknown) => {
    child.kill('SIGKILL')
    await exited
    throw new Error(`${(error as Error).message}\n${logs.recent().join('\n')}`)
  })
  const command = (message: RelayCommand): void => {
    if (child.connected) child.send(message)
  }
  return {
    url: ready.url,
    pid: ready.pid,
    mode,
    async rssBytes() {
      const fromProc = procRssBytes(ready.pid)
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
    cpuMs: () => procCpuMs(ready.pid),
    logCounts: logs.counts,
    recentLogs: logs.recent,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      command({ type: 'stop' })
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}
