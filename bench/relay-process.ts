/**
 * The relay as a child process of a benchmark, so its memory and CPU are its
 * own. Settings come from the environment; the parent talks over IPC:
 * `{type: 'ready', url}` is sent once listening, `{type: 'rss'}` is answered
 * with `{type: 'rss', rssBytes, heapUsedBytes}`, `{type: 'stop'}` closes it.
 * Start it with `node --import tsx bench/relay-process.ts` (see relay-child.ts).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseSettings } from '../src/config/settings.ts'
import { startRelayServer } from '../src/start-relay-server.ts'

/** Messages the parent sends. */
export type RelayCommand = { type: 'rss'; gc?: boolean } | { type: 'stop' }

/** Messages the child sends. */
export type RelayReport =
  | { type: 'ready'; url: string; pid: number }
  | {
      type: 'rss'
      rssBytes: number
      heapUsedBytes: number
      heapTotalBytes: number
      externalBytes: number
      /** The relay's own event-loop delay since start (10 ms resolution): max and p99, in ms. */
      loopDelayMaxMs: number
      loopDelayP99Ms: number
      /** The slowest full collection forced by `gc: true` so far, in ms. */
      forcedGcMaxMs: number
    }
  | { type: 'failed'; message: string }

const send = (report: RelayReport): void => {
  process.send?.(report)
}

async function main(): Promise<void> {
  const settings = parseSettings(process.env)
  // Seen from inside, a stall is the relay's own; a probe from outside also sees the machine's load.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  let forcedGcMaxMs = 0
  const relay = await startRelayServer({ ...settings, host: '127.0.0.1', port: 0 })
  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    // A hanging upstream call must not keep the child alive past the parent.
    setTimeout(() => process.exit(0), 5000).unref()
    await relay.close()
    process.exit(0)
  }
  process.on('message', (command: RelayCommand) => {
    if (command.type === 'rss') {
      // With --expose-gc a full collection first shows retained memory, not GC timing.
      const gc = (globalThis as { gc?: () => void }).gc
      if (command.gc === true && gc !== undefined) {
        const began = performance.now()
        gc()
        forcedGcMaxMs = Math.max(forcedGcMaxMs, performance.now() - began)
      }
      const memory = process.memoryUsage()
      send({
        type: 'rss',
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        externalBytes: memory.external,
        loopDelayMaxMs: loopDelay.max / 1e6,
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        forcedGcMaxMs,
      })
    } else if (command.type === 'stop') {
      void stop()
    }
  })
  // The parent died or let go: never outlive it.
  process.on('disconnect', () => void stop())
  send({ type: 'ready', url: relay.url, pid: process.pid })
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
  process.exit(1)
})
