/**
 * Safe reads from untrusted event JSON.
 * @module
 */
import { isRecord } from '../values/is-record.ts'

/**
 * The own property `key` of a JSON object, else `undefined`. Inherited keys are
 * never read, so an event cannot reach `constructor` or `__proto__` by naming them.
 */
export function fieldOf(value: unknown, key: string): unknown {
  if (!isRecord(value)) return undefined
  return Object.hasOwn(value, key) ? value[key] : undefined
}

/** observe.md's "non-empty": present and not `null`, `""`, `[]` or `{}`. */
export function isNonEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}

/** `value` when it is a string other than `""`, else `undefined`. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
