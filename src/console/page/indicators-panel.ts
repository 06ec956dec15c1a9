/**
 * The indicators (ThreatINSIGHT rules) the sightings are sightings of.
 * @module
 */
import type { Indicator } from '../model/relay-shapes.ts'
import { el, externalLink, note, panel } from './dom.ts'
import { levelClass } from './format.ts'

/** The indicators panel. */
export function indicatorsPanel(indicators: readonly Indicator[]): HTMLElement {
  if (indicators.length === 0) return panel('indicators', 'Indicators', note('No indicators.'))
  return panel(
    'indicators',
    `Indicators (${indicators.length})`,
    el(
      'ul',
      { class: 'cards' },
      ...indicators.map((indicator) =>
        el(
          'li',
          { class: 'card', 'data-indicator': indicator.id ?? '' },
          el(
            'h3',
            {},
            externalLink(indicator.source_uri, indicator.title ?? indicator.id ?? 'Indicator'),
          ),
          el(
            'p',
            {},
            'Severity ',
            el('span', { class: levelClass(indicator.severity) }, indicator.severity ?? 'Unknown'),
            ', confidence ',
            el(
              'span',
              { class: levelClass(indicator.confidence) },
              indicator.confidence ?? 'Unknown',
            ),
          ),
          indicator.description ? el('p', {}, indicator.description) : null,
          (indicator.tags ?? []).length > 0
            ? el('p', { class: 'tags' }, (indicator.tags ?? []).join(' · '))
            : null,
        ),
      ),
    ),
  )
}
