/**
 * `gti-detections-over-time` (vertical_bar_chart): the detections new in the
 * period per UTC-aligned bucket, stacked by severity, every bucket present.
 * @module
 */
import { type Bar, type BarChartTile, severityKeys } from './bar-chart.ts'
import { ruleOf, SEVERITIES, SEVERITY_LABELS, type SeverityKey } from './detection-set.ts'
import { bucketMs, bucketStarts } from './periods.ts'
import { newInPeriod, type TileInput } from './tile-input.ts'
import { createdBetweenUrl } from './tile-links.ts'

const DAY_MS = 86_400_000

function bucketLabel(startMs: number, widthMs: number): string {
  const iso = new Date(startMs).toISOString()
  if (widthMs >= DAY_MS) return iso.slice(0, 10)
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

const plural = (count: number): string => (count === 1 ? 'detection' : 'detections')

/** The chart's data. */
export function overTimeTile(input: TileInput): BarChartTile {
  const widthMs = bucketMs(input.period)
  const starts = bucketStarts(input.window, widthMs)
  const first = starts[0] ?? 0
  const counts = starts.map(
    () => Object.fromEntries(SEVERITIES.map((key) => [key, 0])) as Record<SeverityKey, number>,
  )
  for (const detection of newInPeriod(input)) {
    const index = Math.floor(((detection.createdMs ?? 0) - first) / widthMs)
    const bucket = counts[index]
    if (bucket !== undefined) bucket[ruleOf(input.created, detection).severity] += 1
  }
  const data = starts.map((startMs, index): Bar => {
    const bucket = counts[index] as Record<SeverityKey, number>
    // The link covers the part of the bucket inside the period, as the counts do.
    const from = Math.max(startMs, input.window.startMs)
    const to = Math.min(startMs + widthMs, input.window.endMs)
    const label = bucketLabel(startMs, widthMs)
    // One link per bucket, narrowed by severity: a 90-day chart has 364 of them.
    const link = createdBetweenUrl(input.portalUrl, from, to)
    return {
      key: startMs,
      label,
      value: SEVERITIES.reduce((sum, key) => sum + bucket[key], 0),
      values: SEVERITIES.map((key) => ({
        key,
        value: bucket[key],
        tooltip: `${label}: ${bucket[key]} ${SEVERITY_LABELS[key].toLowerCase()} severity ${plural(bucket[key])}`,
        // An unfiltered link for `other` would list every severity; there is no filter for it.
        ...(key === 'other' ? {} : { link_uri: `${link}&rule_severity=${key}` }),
      })),
    }
  })
  return { keys: severityKeys(), key_type: 'timestamp', data }
}
