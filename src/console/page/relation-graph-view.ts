/**
 * The relation graph drawn in SVG: observables as circles (asked ones
 * filled), indicators as boxes, edges coloured by kind, plus a text list of
 * the same edges for keyboard and screen-reader users.
 * @module
 */
import { layoutGraph, type Point } from '../model/graph-layout.ts'
import type { GraphEdge, RelationGraph } from '../model/relation-graph.ts'
import { el, note, panel, svg } from './dom.ts'

const WIDTH = 900
const HEIGHT = 520

const KIND_LABEL: Readonly<Record<GraphEdge['kind'], string>> = {
  relation: 'observed relation',
  'sighting-of': 'sighting-of',
  'based-on': 'based-on',
  other: 'other relationship',
}

function shorten(text: string, max = 22): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/**
 * A straight line, or a curve for `based-on`, which often joins the same two nodes as a
 * `sighting-of` and would hide it.
 */
function edgePath(from: Point, to: Point, kind: GraphEdge['kind']): string {
  if (kind !== 'based-on') {
    return `M ${from.x.toFixed(1)} ${from.y.toFixed(1)} L ${to.x.toFixed(1)} ${to.y.toFixed(1)}`
  }
  const length = Math.max(1, Math.hypot(to.x - from.x, to.y - from.y))
  const bend = Math.min(40, length / 4)
  const cx = (from.x + to.x) / 2 - ((to.y - from.y) / length) * bend
  const cy = (from.y + to.y) / 2 + ((to.x - from.x) / length) * bend
  return `M ${from.x.toFixed(1)} ${from.y.toFixed(1)} Q ${cx.toFixed(1)} ${cy.toFixed(1)} ${to.x.toFixed(1)} ${to.y.toFixed(1)}`
}

/** The graph panel. */
export function relationGraphView(graph: RelationGraph): HTMLElement {
  if (graph.nodes.length === 0) return panel('graph', 'Relation graph', note('Nothing to draw.'))
  const positions = layoutGraph(
    graph.nodes.map((node) => node.id),
    graph.edges,
    { width: WIDTH, height: HEIGHT, margin: 60 },
  )
  const labelOf = new Map(graph.nodes.map((node) => [node.id, node.label]))
  const showEdgeLabels = graph.edges.length <= 30
  const edges = graph.edges.map((edge) => {
    const from = positions.get(edge.from)
    const to = positions.get(edge.to)
    if (!from || !to) return null
    return svg(
      'g',
      { class: `edge edge-${edge.kind}`, 'data-kind': edge.kind, 'data-label': edge.label },
      svg('path', { d: edgePath(from, to, edge.kind), 'marker-end': `url(#arrow-${edge.kind})` }),
      svg(
        'title',
        {},
        `${labelOf.get(edge.from)} ${edge.label} ${labelOf.get(edge.to)} (${edge.count}×)`,
      ),
      showEdgeLabels
        ? svg(
            'text',
            {
              x: ((from.x + to.x) / 2).toFixed(1),
              y: ((from.y + to.y) / 2 - 4).toFixed(1),
              'text-anchor': 'middle',
              class: 'edge-label',
            },
            edge.label,
          )
        : null,
    )
  })
  const nodes = graph.nodes.map((node) => {
    const at = positions.get(node.id) ?? { x: 0, y: 0 }
    const shape =
      node.kind === 'indicator'
        ? svg('rect', {
            x: (at.x - 9).toFixed(1),
            y: (at.y - 9).toFixed(1),
            width: 18,
            height: 18,
            rx: 3,
          })
        : svg('circle', { cx: at.x.toFixed(1), cy: at.y.toFixed(1), r: node.requested ? 10 : 7 })
    return svg(
      'g',
      {
        class: `node node-${node.kind}${node.requested ? ' node-requested' : ''}`,
        'data-node': node.id,
      },
      shape,
      svg('title', {}, node.label),
      svg(
        'text',
        { x: at.x.toFixed(1), y: (at.y + 22).toFixed(1), 'text-anchor': 'middle' },
        shorten(node.label),
      ),
    )
  })
  const markers = (Object.keys(KIND_LABEL) as GraphEdge['kind'][]).map((kind) =>
    svg(
      'marker',
      {
        id: `arrow-${kind}`,
        viewBox: '0 0 10 10',
        refX: 18,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
        class: `edge-${kind}`,
      },
      svg('path', { d: 'M 0 0 L 10 5 L 0 10 z' }),
    ),
  )
  return panel(
    'graph',
    'Relation graph',
    el(
      'p',
      { class: 'legend' },
      ...(Object.keys(KIND_LABEL) as GraphEdge['kind'][]).map((kind) =>
        el('span', { class: `legend-item edge-${kind}` }, KIND_LABEL[kind]),
      ),
      el('span', { class: 'legend-item node-observable' }, 'observable'),
      el('span', { class: 'legend-item node-indicator' }, 'indicator'),
    ),
    svg(
      'svg',
      {
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        class: 'chart graph',
        role: 'img',
        'aria-label': `Relation graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges; the list below gives them as text`,
      },
      svg('defs', {}, ...markers),
      ...edges,
      ...nodes,
    ),
    graph.hiddenNodes > 0
      ? note(`${graph.hiddenNodes} less connected nodes are left out of the drawing.`)
      : null,
    el(
      'details',
      {},
      el('summary', {}, `Edges as text (${graph.edges.length})`),
      el(
        'ul',
        { class: 'edge-list' },
        ...graph.edges.map((edge) =>
          el(
            'li',
            {},
            `${labelOf.get(edge.from)} —${edge.label}→ ${labelOf.get(edge.to)} (${edge.count}×)`,
          ),
        ),
      ),
    ),
  )
}
