/**
 * A real `redis-server` for tests and benchmarks: started on a free loopback
 * port with no persistence, stopped (or killed) by the caller. Debian's
 * package installs it as /usr/bin/redis-server; scripts/ensure-redis.sh
 * installs it when missing.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { freePort } from './free-port.ts'

/** A running Redis. */
export interface RedisServer {
  port: number
  url: string
  /** SIGKILL, as a crash would; resolves when it has exited. */
  kill(): Promise<void>
  /** Start again on the same port (after {@link RedisServer.kill}). */
  restart(): Promise<void>
  /** SIGSTOP: the server keeps its connections but answers nothing, as a hung one would. */
  pause(): void
  /** SIGCONT after {@link RedisServer.pause}. */
  resume(): void
  /** SIGTERM and wait for the exit; safe to call twice. */
  stop(): Promise<void>
}

function findRedisServer(): string | undefined {
  const candidates = [
    process.env.REDIS_SERVER_BIN,
    '/usr/bin/redis-server',
    '/usr/local/bin/redis-server',
  ]
  return candidates.find((path) => path !== undefined && existsSync(path))
}

/**
 * Why Redis tests skip here, or undefined when they run: only when no `redis-server` is
 * installed and CI is not set (so `npm test` passes on a fresh machine; on CI a missing server
 * fails, and `.ci/run` installs it).
 */
export function redisSkipReason(
  env: NodeJS.ProcessEnv = process.env,
  present: boolean = findRedisServer() !== undefined,
): string | undefined {
  if (present) return undefined
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') return undefined
  return 'redis-server is not installed and CI is not set: install it with scripts/ensure-redis.sh (on CI a missing redis-server fails these tests)'
}

/** Where the server binary is: `REDIS_SERVER_BIN`, else the first of the usual places. */
export function redisServerBin(): string {
  const found = findRedisServer()
  if (found === undefined) {
    throw new Error('redis-server not found: run scripts/ensure-redis.sh (or set REDIS_SERVER_BIN)')
  }
  return found
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    redisServerBin(),
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += String(chunk)
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData)
        child.stdout?.resume()
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.resume()
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)),
    )
    child.once('error', reject)
  })
  return child
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()))

/** Start a Redis on a free 127.0.0.1 port. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort()
  let child: ChildProcess | undefined = await launch(port)
  const end = async (signal: NodeJS.Signals) => {
    const current = child
    child = undefined
    if (current === undefined) return
    current.kill(signal)
    await exited(current)
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => end('SIGKILL'),
    async restart() {
      await end('SIGKILL')
      child = await launch(port)
    },
    pause: () => {
      child?.kill('SIGSTOP')
    },
    resume: () => {
      child?.kill('SIGCONT')
    },
    stop: async () => {
      child?.kill('SIGCONT')
      await end('SIGTERM')
    },
  }
}
