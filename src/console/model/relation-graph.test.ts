import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { layoutGraph } from './graph-layout.ts'
import { buildRelationGraph } from './relation-graph.ts'
import type { Bundle } from './relay-shapes.ts'

const ip = { type: 'ip', value: '45.77.51.101' }
const domain = { type: 'domain', value: 'securecorp.club' }
const host = { type: 'ip', value: '10.1.70.102' }

const bundle: Bundle = {
  sightings: {
    docs: [
      {
        id: 's1',
        observables: [ip],
        relations: [
          { relation: 'Connected_To', source: host, related: ip },
          { relation: 'Resolved_To', source: domain, related: ip },
        ],
      },
      {
        id: 's2',
        observables: [ip],
        relations: [{ relation: 'Connected_To', source: host, related: ip }],
      },
    ],
  },
  indicators: { docs: [{ id: 'i1', title: 'Cobalt Strike Beacon' }] },
  judgements: { docs: [{ id: 'j1', observable: domain }] },
  relationships: {
    docs: [
      { relationship_type: 'sighting-of', source_ref: 's1', target_ref: 'i1' },
      { relationship_type: 'sighting-of', source_ref: 's2', target_ref: 'i1' },
      { relationship_type: 'based-on', source_ref: 'j1', target_ref: 'i1' },
      { relationship_type: 'sighting-of', source_ref: 's1', target_ref: 'missing' },
    ],
  },
}

describe('buildRelationGraph', () => {
  test('observables and indicators as nodes; relations, sighting-of and based-on as merged edges', () => {
    const graph = buildRelationGraph(bundle, [ip])
    assert.deepEqual(
      graph.nodes.map((node) => [node.id, node.kind, node.requested]),
      [
        ['o:ip:45.77.51.101', 'observable', true],
        ['i:i1', 'indicator', false],
        ['o:domain:securecorp.club', 'observable', false],
        ['o:ip:10.1.70.102', 'observable', false],
      ],
    )
    assert.deepEqual(
      graph.edges.map((edge) => [edge.from, edge.label, edge.to, edge.count]),
      [
        ['o:ip:10.1.70.102', 'Connected_To', 'o:ip:45.77.51.101', 2],
        ['o:domain:securecorp.club', 'Resolved_To', 'o:ip:45.77.51.101', 1],
        ['o:ip:45.77.51.101', 'sighting-of', 'i:i1', 2],
        ['o:domain:securecorp.club', 'based-on', 'i:i1', 1],
      ],
    )
    assert.equal(graph.hiddenNodes, 0)
  })

  test('a cut keeps the asked observables and drops edges to hidden nodes', () => {
    const graph = buildRelationGraph(bundle, [ip], 2)
    assert.deepEqual(
      graph.nodes.map((node) => node.id),
      ['o:ip:45.77.51.101', 'i:i1'],
    )
    assert.equal(graph.hiddenNodes, 2)
    for (const edge of graph.edges) {
      assert.ok(graph.nodes.some((node) => node.id === edge.from))
      assert.ok(graph.nodes.some((node) => node.id === edge.to))
    }
  })

  test('an empty answer draws only what was asked', () => {
    const graph = buildRelationGraph({}, [ip, domain])
    assert.equal(graph.nodes.length, 2)
    assert.deepEqual(graph.edges, [])
  })
})

describe('layoutGraph', () => {
  test('places every node inside the frame, the same way each time', () => {
    const ids = ['a', 'b', 'c', 'd', 'e']
    const edges = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
    ]
    const size = { width: 400, height: 300, margin: 20 }
    const first = layoutGraph(ids, edges, size)
    assert.deepEqual(first, layoutGraph(ids, edges, size))
    for (const id of ids) {
      const point = first.get(id)
      assert.ok(point)
      assert.ok(point.x >= 20 && point.x <= 380, `${id} x ${point.x}`)
      assert.ok(point.y >= 20 && point.y <= 280, `${id} y ${point.y}`)
    }
    const distinct = new Set(
      ids.map((id) => `${first.get(id)?.x.toFixed(0)},${first.get(id)?.y.toFixed(0)}`),
    )
    assert.equal(distinct.size, ids.length, 'no two nodes on the same spot')
  })

  test('one node sits in the middle; none gives an empty layout', () => {
    const point = layoutGraph(['a'], [], { width: 100, height: 60, margin: 10 }).get('a')
    assert.ok(
      point && Math.abs(point.x - 50) < 0.5 && Math.abs(point.y - 30) < 0.5,
      JSON.stringify(point),
    )
    assert.equal(layoutGraph([], [], { width: 100, height: 60, margin: 10 }).size, 0)
  })
})
