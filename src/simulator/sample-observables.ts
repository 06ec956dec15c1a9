/**
 * Observables worth asking about: values that active detections carry, so a
 * demo or benchmark query finds something.
 * @module
 */
import type { Dataset } from './dataset.ts'
import { WELL_KNOWN_OBSERVABLES } from './dataset.ts'
import { splitField } from './field-values.ts'

/** An observable in the relay's terms. */
export interface SampleObservable {
  type: 'ip' | 'domain' | 'md5' | 'sha1' | 'sha256'
  value: string
}

const TYPES = new Set<string>(['ip', 'domain', 'md5', 'sha1', 'sha256'])

/**
 * Up to `n` distinct observables from active detections' indicators, the
 * well-known ones first, then in detection order (deterministic for a dataset).
 */
export function sampleObservables(dataset: Dataset, n: number): SampleObservable[] {
  const found = new Map<string, SampleObservable>()
  const add = (type: string, value: string): void => {
    if (TYPES.has(type)) found.set(`${type}\u0000${value}`, { type, value } as SampleObservable)
  }
  const active = dataset.detections.filter((detection) => detection.status === 'active')
  const carried = new Set(
    active.flatMap((detection) => detection.indicators.flatMap((indicator) => indicator.values)),
  )
  for (const [type, value] of Object.entries(WELL_KNOWN_OBSERVABLES)) {
    if (carried.has(value)) add(type, value)
  }
  for (const detection of active) {
    for (const indicator of detection.indicators) {
      const { path } = splitField(indicator.field)
      const type = path[path.length - 1] ?? ''
      for (const value of indicator.values) add(type, value)
    }
  }
  return [...found.values()].slice(0, Math.max(0, n))
}
