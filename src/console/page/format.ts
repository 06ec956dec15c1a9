/**
 * Small formatting helpers shared by the panels.
 * @module
 */

/** `2026-12-06 05:34:17Z` from an ISO time; the input when it is not a time. */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined) return ''
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return iso
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')}Z`
}

/** Severity and confidence ranks, for sorting and colours. */
export const LEVEL_RANK: Readonly<Record<string, number>> = {
  Critical: 6,
  High: 5,
  Medium: 4,
  Low: 3,
  Info: 2,
  None: 1,
  Unknown: 0,
}

/** The CSS class of a CTIM level (severity or confidence). */
export function levelClass(level: string | undefined): string {
  return `level level-${(level ?? 'unknown').toLowerCase()}`
}
