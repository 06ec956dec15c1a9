/** A process's memory and CPU use as Linux's /proc reports them. */
import { readFileSync } from 'node:fs'

function readProc(pid: number, file: 'status' | 'stat'): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8')
  } catch {
    return undefined
  }
}

/** Resident set size in bytes, or undefined without /proc (or once the process is gone). */
export function procRssBytes(pid: number): number | undefined {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readProc(pid, 'status') ?? '')?.[1]
  return kb === undefined ? undefined : Number(kb) * 1024
}

/** User + system CPU time in ms; NaN without /proc. */
export function procCpuMs(pid: number): number {
  const stat = readProc(pid, 'stat')
  if (stat === undefined) return Number.NaN
  // Fields after the command name: state is 3rd, utime 14th, stime 15th (clock ticks).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}
