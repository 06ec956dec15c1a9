/**
 * Evaluates a parsed IQL query against one event. Unqualified entity names
 * expand to every field of that kind in the event: `ip` to `src.ip`,
 * `dst.ip`, `answers[].ip`, `host.ip`...; `domain` to `query.domain`,
 * `host.domain`, `server_name_indication.domain`, `san_dns[]`...; the hash
 * names to `files[].x` and `file.x`; `user_agent` and `email` to every field of
 * that name (`http.user_agent`, `from.email`, `to[].email`). Any other name is a
 * dotted path.
 * @module
 */
import { valuesAtPath } from './field-values.ts'
import type { IqlField, IqlLiteral, IqlNode } from './iql-parser.ts'

const DEEP_NAMES = new Set(['ip', 'domain', 'md5', 'sha1', 'sha256', 'user_agent', 'email'])
// One walk per event collects every deep name; queries then reuse it (events never change).
const deepValuesCache = new WeakMap<object, Map<string, unknown[]>>()

function deepValues(event: Record<string, unknown>, name: string): unknown[] {
  let found = deepValuesCache.get(event)
  if (found === undefined) {
    const collected = new Map<string, unknown[]>()
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const element of node) visit(element)
        return
      }
      if (node === null || typeof node !== 'object') return
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key]
        const target = key === 'san_dns' ? 'domain' : key
        if (DEEP_NAMES.has(target)) {
          for (const value of Array.isArray(child) ? child : [child]) {
            if (value === null || typeof value !== 'object') {
              const list = collected.get(target)
              if (list === undefined) collected.set(target, [value])
              else list.push(value)
            }
          }
        }
        if (child !== null && typeof child === 'object') visit(child)
      }
    }
    visit(event)
    found = collected
    deepValuesCache.set(event, found)
  }
  return found.get(name) ?? []
}

/** The values `field` designates in `event`, or `undefined` when a `type:` qualifier excludes the event. */
export function resolveIqlField(
  event: Record<string, unknown>,
  field: IqlField,
): unknown[] | undefined {
  if (field.eventType !== null && event.event_type !== field.eventType) return undefined
  const [first, ...rest] = field.path
  if (first !== undefined && rest.length === 0 && DEEP_NAMES.has(first)) {
    return deepValues(event, first)
  }
  return valuesAtPath(event, field.path)
}

/**
 * True when `event` matches. A clause on a `type:` field never matches events
 * of other types; `!=` is the negation of `=`; `= null` matches a missing or
 * null field; an IPv4 CIDR literal matches the addresses it contains.
 */
export function matchesIql(node: IqlNode, event: Record<string, unknown>): boolean {
  switch (node.kind) {
    case 'and':
      return matchesIql(node.left, event) && matchesIql(node.right, event)
    case 'or':
      return matchesIql(node.left, event) || matchesIql(node.right, event)
    case 'not':
      return !matchesIql(node.operand, event)
    case 'in': {
      const values = resolveIqlField(event, node.field)
      return values?.some((value) => node.values.some((lit) => equals(value, lit))) ?? false
    }
    case 'like': {
      const values = resolveIqlField(event, node.field)
      return values?.some((value) => isScalar(value) && node.regex.test(String(value))) ?? false
    }
    case 'compare': {
      const values = resolveIqlField(event, node.field)
      if (values === undefined) return false
      const literal = node.value
      switch (node.op) {
        case '=':
          return literal === null
            ? values.every((value) => value === null)
            : values.some((value) => equals(value, literal))
        case '!=':
          return literal === null
            ? values.some((value) => value !== null)
            : !values.some((value) => equals(value, literal))
        default:
          return values.some((value) => ordered(value, node.op, literal))
      }
    }
  }
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

function equals(value: unknown, literal: IqlLiteral): boolean {
  if (literal === null) return value === null
  if (!isScalar(value)) return false
  if (typeof literal === 'string' && typeof value === 'string' && literal.includes('/')) {
    const inRange = cidrContains(literal, value)
    if (inRange !== undefined) return inRange
  }
  return String(value) === String(literal)
}

function ordered(value: unknown, op: string, literal: IqlLiteral): boolean {
  if (!isScalar(value) || literal === null || typeof literal === 'boolean') return false
  const left = typeof literal === 'number' ? Number(value) : String(value)
  if (typeof left === 'number' && Number.isNaN(left)) return false
  switch (op) {
    case '<':
      return left < literal
    case '<=':
      return left <= literal
    case '>':
      return left > literal
    default:
      return left >= literal
  }
}

function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let result = 0
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined
    result = result * 256 + Number(part)
  }
  return result
}

function cidrContains(cidr: string, ip: string): boolean | undefined {
  const [base, bitsText] = cidr.split('/')
  const network = ipv4ToNumber(base ?? '')
  const address = ipv4ToNumber(ip)
  const bits = Number(bitsText)
  if (
    network === undefined ||
    address === undefined ||
    !/^\d{1,2}$/.test(bitsText ?? '') ||
    bits > 32
  ) {
    return undefined
  }
  const size = 2 ** (32 - bits)
  return Math.floor(network / size) === Math.floor(address / size)
}
