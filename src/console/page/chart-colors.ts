/**
 * Series colours: fixed ones for the severities the tiles stack by, then a
 * palette whose colours all reach 3:1 against white (WCAG non-text contrast).
 * @module
 */

const SEVERITY: Readonly<Record<string, string>> = {
  high: '#b3261e',
  critical: '#7f1d1d',
  moderate: '#b35900',
  medium: '#b35900',
  low: '#1f6fa8',
  info: '#4b5563',
  other: '#6b7280',
}

const PALETTE = [
  '#1f6fa8',
  '#b35900',
  '#2e7d32',
  '#8e24aa',
  '#00838f',
  '#c2185b',
  '#5d4037',
  '#3949ab',
]

/** The colour of series `key` (the `index`-th series). */
export function seriesColor(key: string, index: number): string {
  return SEVERITY[key.toLowerCase()] ?? (PALETTE[index % PALETTE.length] as string)
}
