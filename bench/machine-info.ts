/** What the figures were measured on: they only compare on the same machine. */
import { cpus, totalmem } from 'node:os'

/** CPU model, core count, memory and Node version. */
export interface MachineInfo {
  cpuModel: string
  cores: number
  memoryMb: number
  node: string
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  const list = cpus()
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryMb: Math.round(totalmem() / (1024 * 1024)),
    node: process.version,
  }
}

/** One line for the top of a report. */
export function describeMachine(info: MachineInfo): string {
  return `machine: ${info.cpuModel}, ${info.cores} cores, ${info.memoryMb} MB, Node ${info.node}`
}
