/**
 * ThreatINSIGHT rule severity and confidence words to CTIM vocabulary.
 * @module
 */
import type { Confidence, Severity } from './types.ts'

const SEVERITIES: ReadonlyMap<string, Severity> = new Map([
  ['high', 'High'],
  ['moderate', 'Medium'],
  ['medium', 'Medium'],
  ['low', 'Low'],
  ['critical', 'Critical'],
])

// ASCII-only folding: Unicode lower-casing would let look-alikes (e.g. the Kelvin sign) match.
const foldAscii = (text: string): string =>
  text.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32))

/**
 * Maps `high`, `moderate`/`medium`, `low`, `critical` (any ASCII case) to CTIM;
 * anything else, including non-strings, gives `undefined`.
 */
export function mapSeverity(value: unknown): Severity | undefined {
  return typeof value === 'string' ? SEVERITIES.get(foldAscii(value)) : undefined
}

/**
 * The same table for an indicator's confidence; unknown words are `Unknown`.
 * observe.md maps `critical` to `Critical` for both fields, as the original relay did, although
 * CTIM's confidence vocabulary stops at `High`; ThreatINSIGHT rules use high/moderate/low.
 */
export function mapConfidence(value: unknown): Confidence {
  return mapSeverity(value) ?? 'Unknown'
}
