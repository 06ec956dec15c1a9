/**
 * Errors of one answer, each once: many observables can fail for one cause
 * (a refused key, a gone API), and the analyst should read it once.
 * @module
 */
import type { RelayError } from './relay-error.ts'

/** Each error once (same code and message), in order. */
export function dedupeErrors(errors: readonly RelayError[]): RelayError[] {
  const seen = new Set<string>()
  return errors.filter((error) => {
    const key = `${error.code}\u0000${error.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
