/**
 * A `metric_group` tile: one figure per metric, each linking to its page.
 * @module
 */
import { el, externalLink } from './dom.ts'

interface Metric {
  icon?: string
  label?: string
  value?: number
  value_unit?: string
  link_uri?: string
}

// Glyphs every common system font has; emoji would need an emoji font.
const ICONS: Readonly<Record<string, string>> = {
  warning: '⚠',
  'critical-stop': '✖',
  'device-type': '▣',
  information: 'ℹ',
}

/** Render a metric group's data. */
export function metricGroup(data: readonly unknown[]): HTMLElement {
  const metrics = data as Metric[]
  return el(
    'ul',
    { class: 'metrics' },
    ...metrics.map((metric) =>
      el(
        'li',
        {
          class: 'metric',
          'data-label': metric.label ?? '',
          'data-value': String(metric.value ?? ''),
        },
        el(
          'span',
          { class: 'metric-icon', 'aria-hidden': 'true' },
          ICONS[metric.icon ?? ''] ?? '•',
        ),
        el('span', { class: 'metric-value' }, (metric.value ?? 0).toLocaleString('en-US')),
        el('span', { class: 'metric-label' }, externalLink(metric.link_uri, metric.label ?? '')),
      ),
    ),
  )
}
