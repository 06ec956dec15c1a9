/**
 * A colour square for legends, as SVG (presentation attributes pass the
 * page's strict style policy, inline styles would not).
 * @module
 */
import { svg } from './dom.ts'

/** A 12×12 square of `color`, hidden from screen readers (the text says it). */
export function swatch(color: string): SVGSVGElement {
  return svg(
    'svg',
    { class: 'swatch', width: 12, height: 12, viewBox: '0 0 12 12', 'aria-hidden': 'true' },
    svg('rect', { width: 12, height: 12, rx: 2, fill: color }),
  )
}
