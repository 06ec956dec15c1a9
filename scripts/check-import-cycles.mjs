#!/usr/bin/env node
// Fails when two folders of src/ import each other, directly or around a loop.
// Each folder directly under src/ is one node; each file at src/ root is its own node,
// so a root file that both feeds and depends on a folder counts as a cycle too.
// Test files are left out: they may reach anywhere to check behaviour.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src')
const importPattern = /(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s*['"]([^'"]+)['"]/g
const sideEffectPattern = /(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g
const dynamicPattern = /import\(\s*['"]([^'"]+)['"]\s*\)/g

function listSources(dir) {
  const files = []
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) files.push(...listSources(full))
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) files.push(full)
  }
  return files
}

function nodeOf(file) {
  const parts = relative(root, file).split(sep)
  return parts.length === 1 ? parts[0] : `${parts[0]}/`
}

const edges = new Map()
const witnesses = new Map()
for (const file of listSources(root)) {
  const text = readFileSync(file, 'utf8')
  const from = nodeOf(file)
  for (const pattern of [importPattern, sideEffectPattern, dynamicPattern]) {
    for (const match of text.matchAll(pattern)) {
      const spec = match[1]
      if (!spec.startsWith('.')) continue
      const target = resolve(dirname(file), spec)
      if (!target.startsWith(root + sep)) continue
      const to = nodeOf(target)
      if (to === from) continue
      if (!edges.has(from)) edges.set(from, new Set())
      edges.get(from).add(to)
      const key = `${from} -> ${to}`
      if (!witnesses.has(key)) witnesses.set(key, `${relative(root, file)} imports ${spec}`)
    }
  }
}

// Tarjan's strongly connected components: any component with more than one node is a cycle.
let index = 0
const stack = []
const state = new Map()
const cycles = []
function visit(node) {
  state.set(node, { index, low: index, onStack: true })
  index += 1
  stack.push(node)
  for (const next of edges.get(node) ?? []) {
    if (!state.has(next)) {
      visit(next)
      state.get(node).low = Math.min(state.get(node).low, state.get(next).low)
    } else if (state.get(next).onStack) {
      state.get(node).low = Math.min(state.get(node).low, state.get(next).index)
    }
  }
  if (state.get(node).low === state.get(node).index) {
    const component = []
    let member
    do {
      member = stack.pop()
      state.get(member).onStack = false
      component.push(member)
    } while (member !== node)
    if (component.length > 1) cycles.push(component.sort())
  }
}
for (const node of edges.keys()) if (!state.has(node)) visit(node)

const nodeCount = new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])]).size
if (cycles.length === 0) {
  console.log(`import cycles: none (${nodeCount} nodes under src/, folder level)`)
  process.exit(0)
}
for (const component of cycles) {
  console.error(`import cycle among: ${component.join(', ')}`)
  for (const from of component) {
    for (const to of edges.get(from) ?? []) {
      if (component.includes(to)) console.error(`  ${witnesses.get(`${from} -> ${to}`)}`)
    }
  }
}
process.exit(1)
