/**
 * The shapes of XDR's bar chart tiles (vertical and horizontal).
 * @module
 */
import { SEVERITIES, SEVERITY_LABELS } from './detection-set.ts'

/** A stack key of a bar chart. */
export interface BarKey {
  key: string
  label: string
}

/** One stacked part of a bar. */
export interface BarValue {
  key: string
  value: number
  tooltip: string
  /** Absent when no portal filter matches the part (the `other` severity). */
  link_uri?: string
}

/** One bar. */
export interface Bar {
  key: string | number
  label: string
  value: number
  values: BarValue[]
  link_uri?: string
}

/** A bar chart's keys and bars. */
export interface BarChartTile {
  keys: BarKey[]
  key_type: 'string' | 'timestamp'
  data: Bar[]
}

/** The four severities as stack keys. */
export function severityKeys(): BarKey[] {
  return SEVERITIES.map((key) => ({ key, label: SEVERITY_LABELS[key] }))
}
