/**
 * `gti-detections-by-severity` (donut_graph): the detections new in the
 * period, outer ring by rule severity, inner segments by rule category.
 * @module
 */
import { ruleOf, SEVERITIES, SEVERITY_LABELS, type SeverityKey } from './detection-set.ts'
import { newInPeriod, type TileInput } from './tile-input.ts'
import { createdBetweenUrl } from './tile-links.ts'

/** One segment: `key` indexes `labels[1]`. */
export interface DonutSegment {
  key: number
  value: number
}

/** One ring slice: `key` indexes `labels[0]`. */
export interface DonutSlice {
  key: number
  value: number
  segments: DonutSegment[]
  /** Absent for `other`: the portal has no filter for "none of the known severities". */
  link_uri?: string
}

/** The donut's labels and data. */
export interface DonutTile {
  labels: [string[], string[]]
  label_headers: [string, string]
  data: DonutSlice[]
}

/** The donut's data. */
export function severityDonutTile(input: TileInput): DonutTile {
  const counts = new Map<SeverityKey, Map<string, number>>()
  for (const detection of newInPeriod(input)) {
    const rule = ruleOf(input.created, detection)
    const byCategory = counts.get(rule.severity) ?? new Map<string, number>()
    byCategory.set(rule.category, (byCategory.get(rule.category) ?? 0) + 1)
    counts.set(rule.severity, byCategory)
  }
  const severities = SEVERITIES.filter((severity) => counts.has(severity))
  const categories = [
    ...new Set([...counts.values()].flatMap((byCategory) => [...byCategory.keys()])),
  ].sort((a, b) => a.localeCompare(b, 'en'))
  const categoryIndex = new Map(categories.map((category, index) => [category, index]))
  const { startMs, endMs } = input.window
  const data = severities.map((severity, index): DonutSlice => {
    const byCategory = counts.get(severity) ?? new Map<string, number>()
    const segments = [...byCategory.entries()]
      .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b, 'en'))
      .map(([category, value]) => ({ key: categoryIndex.get(category) ?? 0, value }))
    return {
      key: index,
      value: segments.reduce((sum, segment) => sum + segment.value, 0),
      segments,
      ...(severity === 'other'
        ? {}
        : {
            link_uri: createdBetweenUrl(input.portalUrl, startMs, endMs, {
              rule_severity: severity,
            }),
          }),
    }
  })
  return {
    labels: [severities.map((severity) => SEVERITY_LABELS[severity]), categories],
    label_headers: ['Severity', 'Category'],
    data,
  }
}
