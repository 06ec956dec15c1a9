/**
 * A relay started as a child process, with its stdout read as JSON log lines, so tests can wait
 * for a given line and for the exit.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

/** A running child and what it has said so far. */
export interface RelayProcess {
  child: ChildProcess
  /** Parsed stdout lines (non-JSON lines are kept as `{ text }`). */
  lines: Array<Record<string, unknown>>
  /** Resolves with the first line (past or future) that satisfies `match`. */
  waitForLine(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>
  stderr(): string
  /** SIGKILL if still running; for cleanup only. */
  kill(): void
}

/** Spawn `node <args>` with exactly `env` (plus PATH) and collect its output. */
export function spawnRelay(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): RelayProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: Array<Record<string, unknown>> = []
  const waiters: Array<{ match: (line: Record<string, unknown>) => boolean; done: () => void }> = []
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'))
  })
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>
    try {
      line = JSON.parse(text) as Record<string, unknown>
    } catch {
      line = { text }
    }
    lines.push(line)
    for (const waiter of [...waiters]) {
      if (waiter.match(line)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.done()
      }
    }
  })
  return {
    child,
    lines,
    exited,
    stderr: () => stderr,
    waitForLine(match) {
      const seen = lines.find(match)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          done: () => resolve(lines.findLast(match)!),
        }
        waiters.push(waiter)
        void exited.then((code) =>
          reject(new Error(`process ended (${code}) before the line came; stderr: ${stderr}`)),
        )
      })
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
  }
}
