/**
 * Sightings on a time axis: one lane per asked observable (plus one for the
 * rest), one dot per sighting, its details in a tooltip.
 * @module
 */
import { type Observable, observableKey, type Sighting } from '../model/relay-shapes.ts'
import { el, note, panel, svg } from './dom.ts'
import { formatTime } from './format.ts'

const WIDTH = 900
const LANE = 28
const LEFT = 220
const RIGHT = 50
const TOP = 10
const AXIS = 30

/** The timeline panel. */
export function timelineChart(
  sightings: readonly Sighting[],
  requested: readonly Observable[],
): HTMLElement {
  const timed = sightings
    .map((sighting) => ({ sighting, at: Date.parse(sighting.observed_time?.start_time ?? '') }))
    .filter((entry) => !Number.isNaN(entry.at))
  if (timed.length === 0)
    return panel('timeline', 'Timeline', note('No sightings to place in time.'))
  const lanes = requested.map(observableKey)
  const laneOf = (sighting: Sighting) => {
    const keys = (sighting.observables ?? []).map(observableKey)
    const index = lanes.findIndex((lane) => keys.includes(lane))
    return index === -1 ? lanes.length : index
  }
  const hasOther = timed.some((entry) => laneOf(entry.sighting) === lanes.length)
  const laneCount = lanes.length + (hasOther ? 1 : 0)
  const height = TOP + laneCount * LANE + AXIS
  const min = Math.min(...timed.map((entry) => entry.at))
  const max = Math.max(...timed.map((entry) => entry.at))
  const span = Math.max(1, max - min)
  const x = (at: number) => LEFT + ((at - min) / span) * (WIDTH - LEFT - RIGHT)
  const labels = [...requested.map((o) => `${o.type} ${o.value}`), ...(hasOther ? ['other'] : [])]
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => min + f * span)
  return panel(
    'timeline',
    'Timeline',
    svg(
      'svg',
      {
        viewBox: `0 0 ${WIDTH} ${height}`,
        class: 'chart timeline',
        role: 'img',
        'aria-label': `${timed.length} sightings from ${formatTime(new Date(min).toISOString())} to ${formatTime(new Date(max).toISOString())}`,
      },
      ...labels.map((label, lane) =>
        svg(
          'g',
          {},
          svg('line', {
            x1: LEFT,
            x2: WIDTH - RIGHT,
            y1: TOP + lane * LANE + LANE / 2,
            y2: TOP + lane * LANE + LANE / 2,
            class: 'lane',
          }),
          svg(
            'text',
            {
              x: LEFT - 8,
              y: TOP + lane * LANE + LANE / 2 + 4,
              'text-anchor': 'end',
              class: 'axis-label',
            },
            label.length > 32 ? `${label.slice(0, 31)}…` : label,
          ),
        ),
      ),
      ...ticks.map((at) =>
        svg(
          'text',
          { x: x(at), y: height - 8, 'text-anchor': 'middle', class: 'axis-label' },
          formatTime(new Date(at).toISOString()).slice(5, 16),
        ),
      ),
      ...timed.map(({ sighting, at }) =>
        svg(
          'circle',
          {
            cx: x(at).toFixed(1),
            cy: TOP + laneOf(sighting) * LANE + LANE / 2,
            r: 5,
            class: 'dot',
            'data-sighting': sighting.id ?? '',
          },
          svg(
            'title',
            {},
            `${formatTime(sighting.observed_time?.start_time)} ${sighting.title ?? sighting.description ?? ''}`,
          ),
        ),
      ),
    ),
    el('p', { class: 'hint' }, 'Times are UTC; hover a dot for its sighting.'),
  )
}
