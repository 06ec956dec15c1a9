/**
 * IQL, ThreatINSIGHT's query language: the one literal form the relay writes.
 * @module
 */

/** A single-quoted IQL string literal; `\` and `'` are escaped with `\`. */
export function iqlString(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`
}
