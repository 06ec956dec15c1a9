/**
 * The relay exactly as `npm start` runs it: plain Node on the built server
 * bundle (`dist/server/index.mjs`, rebuilt first when stale), settings from
 * the environment, stopped with SIGTERM. Its RSS and CPU are read from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { freePort } from '../test/support/free-port.ts'
import type { RelayChild } from './relay-child.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
}

function readProc(pid: number, file: 'status' | 'stat'): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8')
  } catch {
    return undefined
  }
}

function rssBytesOf(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readProc(pid, 'status') ?? '')?.[1]
  return kb === undefined ? Number.NaN : Number(kb) * 1024
}

function cpuMsOf(pid: number): number {
  const stat = readProc(pid, 'stat')
  if (stat === undefined) return Number.NaN
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

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
  const counts: Record<string, number> = {}
  const recent: string[] = []
  const remember = (line: string): void => {
    let level = 'other'
    try {
      level = LEVELS[(JSON.parse(line) as { level?: number }).level ?? 0] ?? 'other'
    } catch {
      // Not a pino line.
    }
    counts[level] = (counts[level] ?? 0) + 1
    recent.push(line.length > 400 ? `${line.slice(0, 400)}…` : line)
    if (recent.length > 20) recent.shift()
  }
  for (const stream of [child.stdout, child.stderr]) {
    if (stream !== null) createInterface({ input: stream }).on('line', remember)
  }
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
    throw new Error(`the relay (npm start) did not come up:\n${recent.join('\n')}`)
  }
  const pid = child.pid ?? -1
  return {
    url,
    pid,
    mode: 'bundle',
    rssBytes: async () => rssBytesOf(pid),
    memory: async () => {
      throw new Error('memory(): not available for the npm start child; use rssBytes()')
    },
    cpuMs: () => cpuMsOf(pid),
    logCounts: () => ({ ...counts }),
    recentLogs: () => [...recent],
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}
