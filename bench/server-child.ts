/**
 * The relay exactly as `npm start` runs it: plain Node on the built server
 * bundle (`dist/server/index.mjs`, rebuilt first when stale), settings from
 * the environment, stopped with SIGTERM. Its RSS and CPU are read from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { freePort } from '../test/support/free-port.ts'
import { watchChildLogs } from './child-logs.ts'
import { procCpuMs, procRssBytes } from './proc-usage.ts'
import type { RelayChild } from './relay-child.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The server bundle's path, built first when missing or older than the sources. */
export async function serverBundle(): Promise<string> {
  const { freshBundle } = (await import(pathToFileURL(`${ROOT}scripts/fresh-bundle.mjs`).href)) as {
    freshBundle: (entry: string, outfile: string) => Promise<string>
  }
  return freshBundle('src/entry/server.ts', 'server/index.mjs')
}

/** Start `node dist/server/index.mjs` with `env` on a free 127.0.0.1 port; resolves once it answers. */
export async function startServerChild(
  env: Record<string, string>,
  options: { nodeArgs?: readonly string[] } = {},
): Promise<RelayChild> {
  const file = await serverBundle()
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), file], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs = watchChildLogs(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  let up = false
  for (let i = 0; i < 600 && !up && child.exitCode === null; i += 1) {
    up = await fetch(`${url}/version`, { method: 'POST' }).then(
      (response) => response.ok,
      () => false,
    )
    if (!up) await sleep(50)
  }
  if (!up) {
    child.kill('SIGKILL')
    await exited
    throw new Error(`the relay (npm start) did not come up:\n${logs.recent().join('\n')}`)
  }
  const pid = child.pid ?? -1
  return {
    url,
    pid,
    mode: 'bundle',
    rssBytes: async () => procRssBytes(pid) ?? Number.NaN,
    memory: async () => {
      throw new Error('memory(): not available for the npm start child; use rssBytes()')
    },
    cpuMs: () => procCpuMs(pid),
    logCounts: logs.counts,
    recentLogs: logs.recent,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}
