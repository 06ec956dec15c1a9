/**
 * Reading values out of events by field path, the way IQL and indicator
 * fields address them: arrays met on the way are walked element by element.
 * @module
 */

/** Values at a dotted path (`answers.ip`, `files[].sha256`); missing keys yield nothing. */
export function valuesAtPath(root: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [root]
  for (const segment of path) {
    const next: unknown[] = []
    for (const item of current) {
      for (const element of Array.isArray(item) ? item : [item]) {
        if (element !== null && typeof element === 'object' && !Array.isArray(element)) {
          const child = (element as Record<string, unknown>)[segment]
          if (child !== undefined) next.push(child)
        }
      }
    }
    current = next
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value]))
}

/** Splits `type:a.b[].c` into its event type (or null) and path segments. */
export function splitField(field: string): { eventType: string | null; path: string[] } {
  const colon = field.indexOf(':')
  const eventType = colon === -1 ? null : field.slice(0, colon)
  const path = field
    .slice(colon + 1)
    .split('.')
    .map((segment) => segment.replace(/\[\]$/, ''))
  return { eventType, path }
}
