/**
 * IQL search over a dataset's events. An index of the values stored under
 * entity keys (`ip`, `domain`, hashes, `uuid`...) narrows equality queries
 * to a few candidates, so a large dataset answers in milliseconds; every
 * candidate is still checked with the full evaluator.
 * @module
 */
import type { SimEvent } from './dataset.ts'
import { matchesIql } from './iql-evaluator.ts'
import type { IqlField, IqlLiteral, IqlNode } from './iql-parser.ts'

const INDEXED_KEYS = new Set(['ip', 'domain', 'san_dns', 'md5', 'sha1', 'sha256', 'uuid'])

/** Finds the events matching a query, in the order they were given. */
export interface EventSearch {
  search(tree: IqlNode, keep?: (event: SimEvent) => boolean): SimEvent[]
}

/** Indexes `events` (which must not change afterwards). */
export function createEventSearch(events: readonly SimEvent[]): EventSearch {
  const positions = new Map<string, number[]>()
  const add = (value: unknown, position: number): void => {
    if (typeof value !== 'string' && typeof value !== 'number') return
    const key = String(value)
    const list = positions.get(key)
    if (list === undefined) positions.set(key, [position])
    else if (list[list.length - 1] !== position) list.push(position)
  }
  const visit = (node: unknown, position: number): void => {
    if (Array.isArray(node)) {
      for (const element of node) visit(element, position)
      return
    }
    if (node === null || typeof node !== 'object') return
    for (const key in node) {
      const child = (node as Record<string, unknown>)[key]
      if (INDEXED_KEYS.has(key)) {
        for (const value of Array.isArray(child) ? child : [child]) add(value, position)
      }
      if (child !== null && typeof child === 'object') visit(child, position)
    }
  }
  events.forEach((event, position) => {
    visit(event, position)
  })

  const lookup = (literals: readonly IqlLiteral[]): Set<number> => {
    const found = new Set<number>()
    for (const literal of literals) {
      for (const position of positions.get(String(literal)) ?? []) found.add(position)
    }
    return found
  }
  // A superset of the matching positions, or undefined when the whole list must be scanned.
  const candidates = (node: IqlNode): Set<number> | undefined => {
    switch (node.kind) {
      case 'compare':
        return node.op === '=' && indexable(node.field, [node.value])
          ? lookup([node.value])
          : undefined
      case 'in':
        return indexable(node.field, node.values) ? lookup(node.values) : undefined
      case 'and': {
        const left = candidates(node.left)
        const right = candidates(node.right)
        if (left === undefined || right === undefined) return left ?? right
        return new Set([...left].filter((position) => right.has(position)))
      }
      case 'or': {
        const left = candidates(node.left)
        const right = candidates(node.right)
        return left === undefined || right === undefined ? undefined : new Set([...left, ...right])
      }
      default:
        return undefined
    }
  }

  return {
    search(tree, keep = () => true) {
      const narrowed = candidates(tree)
      const pool =
        narrowed === undefined
          ? events
          : [...narrowed].sort((a, b) => a - b).map((position) => events[position] as SimEvent)
      return pool.filter((event) => keep(event) && matchesIql(tree, event))
    },
  }
}

function indexable(field: IqlField, literals: readonly IqlLiteral[]): boolean {
  const last = field.path[field.path.length - 1] ?? ''
  // CIDR literals match by range, not by the stored text.
  return (
    INDEXED_KEYS.has(last) &&
    literals.every(
      (literal) =>
        (typeof literal === 'string' && !literal.includes('/')) || typeof literal === 'number',
    )
  )
}
