/**
 * The relation graph of an investigation, as XDR draws it: observables and
 * indicators as nodes; edges from the sightings' observed relations, from
 * `sighting-of` (each sighted observable to the indicator) and from
 * `based-on` (a judgement's observable to its indicator).
 * @module
 */
import { type Bundle, type Observable, observableKey } from './relay-shapes.ts'

/** A node of the graph. */
export interface GraphNode {
  id: string
  label: string
  kind: 'observable' | 'indicator'
  /** The observable was asked for (drawn emphasised). */
  requested: boolean
  /** Edges touching this node. */
  degree: number
}

/** An edge, merged over every sighting that carries it. */
export interface GraphEdge {
  from: string
  to: string
  label: string
  kind: 'relation' | 'sighting-of' | 'based-on' | 'other'
  count: number
}

/** The graph, cut to at most `maxNodes` nodes. */
export interface RelationGraph {
  nodes: GraphNode[]
  edges: GraphEdge[]
  /** Nodes left out to keep the drawing readable. */
  hiddenNodes: number
}

/** Build the graph of `bundle` for the `requested` observables. */
export function buildRelationGraph(
  bundle: Bundle,
  requested: readonly Observable[],
  maxNodes = 40,
): RelationGraph {
  const nodes = new Map<string, GraphNode>()
  const edges = new Map<string, GraphEdge>()
  const wanted = new Set(requested.map(observableKey))
  const addObservable = (observable: Observable | undefined): string | undefined => {
    if (observable?.type === undefined || observable.value === undefined) return undefined
    const id = `o:${observableKey(observable)}`
    if (!nodes.has(id)) {
      nodes.set(id, {
        id,
        label: observable.value,
        kind: 'observable',
        requested: wanted.has(observableKey(observable)),
        degree: 0,
      })
    }
    return id
  }
  const addEdge = (from: string, to: string, label: string, kind: GraphEdge['kind']) => {
    if (from === to) return
    const key = `${from}\u0000${to}\u0000${label}`
    const edge = edges.get(key)
    if (edge) edge.count += 1
    else edges.set(key, { from, to, label, kind, count: 1 })
  }

  for (const observable of requested) addObservable(observable)
  const indicatorIds = new Map<string, string>()
  for (const indicator of bundle.indicators?.docs ?? []) {
    if (indicator.id === undefined) continue
    const id = `i:${indicator.id}`
    indicatorIds.set(indicator.id, id)
    nodes.set(id, {
      id,
      label: indicator.title ?? indicator.id,
      kind: 'indicator',
      requested: false,
      degree: 0,
    })
  }
  // Which observables each sighting or judgement stands for, to hang its relationships on.
  const observablesOf = new Map<string, string[]>()
  for (const sighting of bundle.sightings?.docs ?? []) {
    const ids = (sighting.observables ?? []).map(addObservable).filter(isString)
    if (sighting.id !== undefined) observablesOf.set(sighting.id, ids)
    for (const relation of sighting.relations ?? []) {
      const from = addObservable(relation.source)
      const to = addObservable(relation.related)
      if (from !== undefined && to !== undefined) {
        addEdge(from, to, relation.relation ?? 'related', 'relation')
      }
    }
  }
  for (const judgement of bundle.judgements?.docs ?? []) {
    const id = addObservable(judgement.observable)
    if (judgement.id !== undefined && id !== undefined) observablesOf.set(judgement.id, [id])
  }
  for (const relationship of bundle.relationships?.docs ?? []) {
    const sources = observablesOf.get(relationship.source_ref ?? '') ?? []
    const target = indicatorIds.get(relationship.target_ref ?? '')
    if (target === undefined) continue
    const type = relationship.relationship_type ?? 'related-to'
    const kind = type === 'sighting-of' || type === 'based-on' ? type : 'other'
    for (const source of sources) addEdge(source, target, type, kind)
  }

  for (const edge of edges.values()) {
    const from = nodes.get(edge.from)
    const to = nodes.get(edge.to)
    if (from) from.degree += 1
    if (to) to.degree += 1
  }
  // Keep what was asked, then indicators, then the best connected; the order is stable.
  const ranked = [...nodes.values()].sort(
    (a, b) =>
      Number(b.requested) - Number(a.requested) ||
      Number(b.kind === 'indicator') - Number(a.kind === 'indicator') ||
      b.degree - a.degree ||
      a.id.localeCompare(b.id),
  )
  const kept = ranked.slice(0, Math.max(0, maxNodes))
  const keptIds = new Set(kept.map((node) => node.id))
  return {
    nodes: kept,
    edges: [...edges.values()].filter((edge) => keptIds.has(edge.from) && keptIds.has(edge.to)),
    hiddenNodes: nodes.size - kept.length,
  }
}

function isString(value: string | undefined): value is string {
  return value !== undefined
}
