/**
 * Indicator fields name paths into events (`http:files.sha256`). These
 * helpers turn a field into a path and walk it through an event.
 * @module
 */

import { SUPPORTED_TYPES } from '../observables/observable.ts'
import { isRecord } from '../values/is-record.ts'

const supported: ReadonlySet<string> = new Set(SUPPORTED_TYPES)

/**
 * The path of an indicator field when it ends in a supported observable type:
 * the part after the last `:`, split on `.`. Otherwise undefined.
 */
export function indicatorPath(field: string): readonly string[] | undefined {
  const path = field.slice(field.lastIndexOf(':') + 1).split('.')
  const last = path[path.length - 1]
  return last !== undefined && supported.has(last) ? path : undefined
}

/**
 * The values found at `path` in `event`. A missing key yields nothing; a list
 * met at any step, the last included, is walked one level deep.
 */
export function walkPath(event: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [event]
  for (const key of path) {
    const next: unknown[] = []
    for (const node of current) {
      if (!isRecord(node) || !Object.hasOwn(node, key)) continue
      const value = node[key]
      // A loop, not push(...value): upstream lists can exceed the engine's argument limit.
      if (Array.isArray(value)) for (const item of value) next.push(item)
      else next.push(value)
    }
    current = next
  }
  return current
}

/** A walked value as the string it is compared by; non-scalars never match. */
export function comparable(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  return undefined
}
