/**
 * `vertical_bar_chart` and `horizontal_bar_chart` tiles: one bar per data
 * item, stacked by the series in `keys`.
 * @module
 */
import type { ChartKey } from '../model/relay-shapes.ts'
import { seriesColor } from './chart-colors.ts'
import { el, externalLink, svg } from './dom.ts'
import { swatch } from './swatch.ts'

interface Part {
  key?: unknown
  value?: number
  tooltip?: string
  link_uri?: string
}

interface Bar {
  key?: unknown
  label?: string
  value?: number
  values?: Part[]
  link_uri?: string
}

/** A series as `{key, label}`, whichever form the tile sent. */
function series(keys: readonly ChartKey[]): { key: string; label: string }[] {
  return keys.map((key) =>
    typeof key === 'string'
      ? { key, label: key }
      : { key: String(key.key), label: key.label ?? String(key.key) },
  )
}

function barLabel(bar: Bar, keyType: string | undefined): string {
  if (bar.label !== undefined) return bar.label
  if (keyType === 'timestamp' && typeof bar.key === 'number') {
    return new Date(bar.key).toISOString().slice(5, 16).replace('T', ' ')
  }
  return String(bar.key)
}

function legend(all: { key: string; label: string }[]): HTMLElement {
  return el(
    'p',
    { class: 'legend' },
    ...all.map((s, i) =>
      el('span', { class: 'legend-item' }, swatch(seriesColor(s.key, i)), ` ${s.label}`),
    ),
  )
}

/** Render a bar chart's data, vertical or horizontal. */
export function barChart(
  data: readonly unknown[],
  keys: readonly ChartKey[],
  keyType: string | undefined,
  orientation: 'vertical' | 'horizontal',
): HTMLElement {
  const bars = data as Bar[]
  const all = series(keys)
  const colorOf = (key: unknown) => {
    const index = all.findIndex((s) => s.key === String(key))
    return seriesColor(String(key), index === -1 ? all.length : index)
  }
  const max = Math.max(1, ...bars.map((bar) => bar.value ?? 0))
  return orientation === 'vertical'
    ? el('div', { class: 'bars' }, legend(all), vertical(bars, max, keyType, colorOf))
    : el('div', { class: 'bars' }, legend(all), horizontal(bars, max, keyType, colorOf))
}

function vertical(
  bars: Bar[],
  max: number,
  keyType: string | undefined,
  colorOf: (key: unknown) => string,
): SVGSVGElement {
  const width = 640
  const height = 240
  const left = 36
  const bottom = 40
  // Room on the right for the last label.
  const slot = (width - left - 28) / Math.max(1, bars.length)
  const barWidth = Math.max(2, slot * 0.7)
  const scale = (height - bottom - 10) / max
  const labelEvery = Math.ceil(bars.length / 8)
  return svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      class: 'chart',
      role: 'img',
      'aria-label': `${bars.length} bars, highest ${max}`,
    },
    svg('line', { x1: left, x2: width, y1: height - bottom, y2: height - bottom, class: 'axis' }),
    svg('text', { x: left - 4, y: 14, 'text-anchor': 'end', class: 'axis-label' }, String(max)),
    svg(
      'text',
      { x: left - 4, y: height - bottom, 'text-anchor': 'end', class: 'axis-label' },
      '0',
    ),
    ...bars.map((bar, i) => {
      const x = left + i * slot + (slot - barWidth) / 2
      let y = height - bottom
      const label = barLabel(bar, keyType)
      return svg(
        'g',
        { class: 'bar', 'data-key': String(bar.key), 'data-value': bar.value ?? 0 },
        svg('title', {}, `${label}: ${bar.value ?? 0}`),
        ...(bar.values ?? []).map((part) => {
          const h = (part.value ?? 0) * scale
          y -= h
          return svg('rect', {
            x: x.toFixed(1),
            y: y.toFixed(1),
            width: barWidth.toFixed(1),
            height: h.toFixed(1),
            fill: colorOf(part.key),
            'data-series': String(part.key),
            'data-value': part.value ?? 0,
          })
        }),
        i % labelEvery === 0
          ? svg(
              'text',
              {
                x: (x + barWidth / 2).toFixed(1),
                y: height - bottom + 14,
                'text-anchor': 'middle',
                class: 'axis-label',
              },
              label,
            )
          : null,
      )
    }),
  )
}

function horizontal(
  bars: Bar[],
  max: number,
  keyType: string | undefined,
  colorOf: (key: unknown) => string,
): HTMLElement {
  return el(
    'ol',
    { class: 'hbars' },
    ...bars.map((bar) => {
      const label = barLabel(bar, keyType)
      let x = 0
      return el(
        'li',
        { class: 'bar', 'data-key': String(bar.key), 'data-value': bar.value ?? 0 },
        el('span', { class: 'hbar-label' }, externalLink(bar.link_uri, label)),
        svg(
          'svg',
          {
            viewBox: '0 0 300 16',
            class: 'hbar',
            'aria-hidden': 'true',
            preserveAspectRatio: 'none',
          },
          ...(bar.values ?? []).map((part) => {
            const w = ((part.value ?? 0) / max) * 300
            x += w
            return svg('rect', {
              x: (x - w).toFixed(1),
              y: 0,
              width: w.toFixed(1),
              height: 16,
              fill: colorOf(part.key),
              'data-series': String(part.key),
              'data-value': part.value ?? 0,
            })
          }),
        ),
        el('span', { class: 'hbar-value' }, String(bar.value ?? 0)),
      )
    }),
  )
}
