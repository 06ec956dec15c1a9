/**
 * The log lines of a relay child process, read from its stdout and stderr:
 * counted by pino level, and the last few kept to explain a failure.
 */
import type { ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
}
/** Lines kept by {@link ChildLogs.recent}, and the length each is cut to. */
const RECENT_LINES = 20
const LINE_CHARS = 400

/** What a child has logged so far. */
export interface ChildLogs {
  /** Lines by pino level name (`other` for lines that are not pino's). */
  counts(): Record<string, number>
  /** The last lines, newest last. */
  recent(): string[]
}

/** Starts reading `child`'s stdout and stderr (both must be pipes to be read). */
export function watchChildLogs(child: ChildProcess): ChildLogs {
  const counts: Record<string, number> = {}
  const recent: string[] = []
  const remember = (line: string): void => {
    let level = 'other'
    try {
      level = LEVELS[(JSON.parse(line) as { level?: number }).level ?? 0] ?? 'other'
    } catch {
      // Not a pino line (e.g. a Node warning on stderr).
    }
    counts[level] = (counts[level] ?? 0) + 1
    recent.push(line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}…` : line)
    if (recent.length > RECENT_LINES) recent.shift()
  }
  for (const stream of [child.stdout, child.stderr]) {
    if (stream !== null) createInterface({ input: stream }).on('line', remember)
  }
  return { counts: () => ({ ...counts }), recent: () => [...recent] }
}
