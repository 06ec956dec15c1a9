/**
 * `gti-top-rules` (horizontal_bar_chart): the ten rules with the most
 * detections new in the period.
 * @module
 */
import { type Bar, type BarChartTile, severityKeys } from './bar-chart.ts'
import { ruleOf, SEVERITY_LABELS, type TileRule } from './detection-set.ts'
import { newInPeriod, type TileInput } from './tile-input.ts'
import { rulePageUrl } from './tile-links.ts'

/** Bars shown. */
export const TOP_RULES = 10

/** The chart's data: most detections first, ties by rule name (then uuid). */
export function topRulesTile(input: TileInput): BarChartTile {
  const counts = new Map<string, { rule: TileRule; count: number }>()
  for (const detection of newInPeriod(input)) {
    const rule = ruleOf(input.created, detection)
    const entry = counts.get(rule.uuid) ?? { rule, count: 0 }
    entry.count += 1
    counts.set(rule.uuid, entry)
  }
  const top = [...counts.values()]
    .sort(
      (a, b) =>
        b.count - a.count ||
        a.rule.name.localeCompare(b.rule.name, 'en') ||
        (a.rule.uuid < b.rule.uuid ? -1 : a.rule.uuid > b.rule.uuid ? 1 : 0),
    )
    .slice(0, TOP_RULES)
  const data = top.map(({ rule, count }): Bar => {
    const link = rulePageUrl(input.portalUrl, rule.uuid)
    return {
      key: rule.uuid,
      label: rule.name,
      value: count,
      values: [
        {
          key: rule.severity,
          value: count,
          tooltip: `${rule.name}: ${count} ${count === 1 ? 'detection' : 'detections'} (${SEVERITY_LABELS[rule.severity]} severity, ${rule.category})`,
          link_uri: link,
        },
      ],
      link_uri: link,
    }
  })
  return { keys: severityKeys(), key_type: 'string', data }
}
