/**
 * The size of a value's JSON, measured without building the JSON: an
 * upstream-sized answer must be judged before it is serialised.
 * @module
 */

// Characters JSON.stringify writes other than as themselves: quotes, backslashes, controls, and
// surrogates (a lone one becomes \uXXXX). A string without any is its UTF-8 bytes plus quotes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/

/** The UTF-8 bytes of a string's JSON; native counting for the common, escape-free case. */
function stringBytes(value: string): number {
  return ESCAPED.test(value)
    ? Buffer.byteLength(JSON.stringify(value))
    : Buffer.byteLength(value) + 2
}

/**
 * The UTF-8 byte length of `JSON.stringify(value)` when it is at most `limit`;
 * otherwise some number above `limit`, found without walking the rest. Handles
 * the plain data the relay emits (objects, arrays, strings, numbers, booleans, null).
 */
export function jsonBytesWithin(value: unknown, limit: number): number {
  let total = 0
  // Each step adds to `total` and reports whether the limit is passed, so the walk stops early.
  const add = (bytes: number): boolean => {
    total += bytes
    return total > limit
  }
  const visit = (item: unknown): boolean => {
    if (item === null || item === undefined) return add(4)
    switch (typeof item) {
      case 'string':
        // Each UTF-16 unit is at least one byte, so a string this long cannot fit.
        if (item.length + 2 > limit - total) return add(item.length + 2)
        return add(stringBytes(item))
      case 'number':
        return add(Number.isFinite(item) ? String(item).length : 4)
      case 'boolean':
        return add(item ? 4 : 5)
      case 'object':
        break
      default:
        return add(4)
    }
    if (Array.isArray(item)) {
      if (add(2 + Math.max(0, item.length - 1))) return true
      for (const element of item) if (visit(element)) return true
      return false
    }
    let first = true
    if (add(2)) return true
    for (const [key, child] of Object.entries(item as Record<string, unknown>)) {
      if (child === undefined || typeof child === 'function') continue
      if (add((first ? 0 : 1) + stringBytes(key) + 1)) return true
      first = false
      if (visit(child)) return true
    }
    return false
  }
  visit(value)
  return total
}
