/**
 * A `donut_graph` tile: the outer ring holds the data items (keys index
 * `labels[0]`), the inner ring each item's segments (keys index `labels[1]`).
 * @module
 */
import { seriesColor } from './chart-colors.ts'
import { el, svg } from './dom.ts'
import { swatch } from './swatch.ts'

interface Segment {
  key?: number
  value?: number
}

interface Item extends Segment {
  segments?: Segment[]
  link_uri?: string
}

function arc(
  cx: number,
  cy: number,
  outer: number,
  inner: number,
  from: number,
  to: number,
): string {
  // A full circle as one arc is degenerate: stop just short of it.
  const end = to - from >= 2 * Math.PI ? from + 2 * Math.PI - 0.0001 : to
  const point = (r: number, a: number) =>
    `${(cx + r * Math.sin(a)).toFixed(2)} ${(cy - r * Math.cos(a)).toFixed(2)}`
  const large = end - from > Math.PI ? 1 : 0
  return `M ${point(outer, from)} A ${outer} ${outer} 0 ${large} 1 ${point(outer, end)} L ${point(inner, end)} A ${inner} ${inner} 0 ${large} 0 ${point(inner, from)} Z`
}

/** Render a donut graph's data. */
export function donutGraph(
  data: readonly unknown[],
  labels: readonly string[][],
  headers: readonly string[],
): HTMLElement {
  const items = (data as Item[]).filter((item) => (item.value ?? 0) > 0)
  const ringLabels = labels[0] ?? []
  const segmentLabels = labels[1] ?? []
  const total = items.reduce((sum, item) => sum + (item.value ?? 0), 0)
  const size = 240
  const c = size / 2
  const shapes: SVGElement[] = []
  let angle = 0
  items.forEach((item, index) => {
    const name = ringLabels[item.key ?? -1] ?? String(item.key)
    const sweep = total === 0 ? 0 : ((item.value ?? 0) / total) * 2 * Math.PI
    const color = seriesColor(name, index)
    shapes.push(
      svg(
        'path',
        {
          d: arc(c, c, 115, 85, angle, angle + sweep),
          fill: color,
          class: 'donut-item',
          'data-key': name,
          'data-value': item.value ?? 0,
        },
        svg('title', {}, `${name}: ${item.value}`),
      ),
    )
    let inner = angle
    const itemTotal = (item.segments ?? []).reduce((sum, s) => sum + (s.value ?? 0), 0)
    ;(item.segments ?? []).forEach((segment, s) => {
      const part = itemTotal === 0 ? 0 : ((segment.value ?? 0) / itemTotal) * sweep
      const label = segmentLabels[segment.key ?? -1] ?? String(segment.key)
      shapes.push(
        svg(
          'path',
          {
            d: arc(c, c, 82, 58, inner, inner + part),
            fill: color,
            'fill-opacity': s % 2 === 0 ? 0.55 : 0.35,
            class: 'donut-segment',
            'data-key': label,
            'data-value': segment.value ?? 0,
          },
          svg('title', {}, `${name} / ${label}: ${segment.value}`),
        ),
      )
      inner += part
    })
    angle += sweep
  })
  return el(
    'div',
    { class: 'donut' },
    svg(
      'svg',
      {
        viewBox: `0 0 ${size} ${size}`,
        class: 'chart',
        role: 'img',
        'aria-label': `${total} in total; the table gives each figure`,
      },
      ...shapes,
      svg('text', { x: c, y: c + 6, 'text-anchor': 'middle', class: 'donut-total' }, String(total)),
    ),
    el(
      'table',
      { class: 'grid compact' },
      el('caption', { class: 'visually-hidden' }, 'Figures of the donut'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, headers[0] ?? 'Key'),
          el('th', { scope: 'col' }, headers[1] ?? 'Segment'),
          el('th', { scope: 'col' }, 'Count'),
        ),
      ),
      el(
        'tbody',
        {},
        ...items.flatMap((item, index) => {
          const name = ringLabels[item.key ?? -1] ?? String(item.key)
          return [
            el(
              'tr',
              { class: 'donut-row', 'data-key': name, 'data-value': item.value ?? 0 },
              el('th', { scope: 'row' }, swatch(seriesColor(name, index)), name),
              el('td', {}, 'all'),
              el('td', {}, String(item.value ?? 0)),
            ),
            ...(item.segments ?? []).map((segment) =>
              el(
                'tr',
                {},
                el('td', {}, ''),
                el('td', {}, segmentLabels[segment.key ?? -1] ?? String(segment.key)),
                el('td', {}, String(segment.value ?? 0)),
              ),
            ),
          ]
        }),
      ),
    ),
  )
}
