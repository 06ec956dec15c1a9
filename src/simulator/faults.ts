/**
 * Fault injection: named faults triggered by configured rules, by reserved
 * API keys (`fault-<name>`) and by observable values (`<name>.fault.test`).
 * @module
 */

/** Every fault the simulator can inject. */
export const FAULT_NAMES = [
  'http-401',
  'http-403',
  'http-429',
  'http-500',
  'malformed-json',
  'reset',
  'hang',
] as const
/** One of {@link FAULT_NAMES}. */
export type FaultName = (typeof FAULT_NAMES)[number]

/**
 * A fault and when it applies: every matcher given must match (`apiKey`
 * equal; `value` a substring of a query-string value or of the JSON body;
 * `route` the route name, e.g. `detections`, `detection-events`,
 * `events-query`, `dhcp`). `times` limits how often it fires.
 */
export interface FaultRule {
  fault: FaultName
  apiKey?: string
  value?: string
  route?: string
  /** `Retry-After` of `http-429`; default 1. */
  retryAfterSeconds?: number
  times?: number
}

/** What a rule is matched against. */
export interface FaultRequest {
  apiKey: string | undefined
  route: string
  /** Query-string values, the raw body and the string values inside a JSON body. */
  texts: readonly string[]
}

/** API keys that are accepted and always fault: `fault-http-500`, `fault-hang`... */
export const FAULT_API_KEYS: readonly string[] = FAULT_NAMES.map((name) => `fault-${name}`)

const VALUE_TRIGGER = new RegExp(`(${FAULT_NAMES.join('|')})\\.fault\\.test`)

/** Holds the configured rules and how often each may still fire. */
export interface FaultInjector {
  /** Replaces the rule list (and restarts `times` counting). */
  set(rules: readonly FaultRule[]): void
  list(): FaultRule[]
  /** The fault for a request: configured rules first, then the built-in triggers. */
  pick(request: FaultRequest): FaultRule | undefined
}

/** Creates an injector holding `rules`. */
export function createFaultInjector(rules: readonly FaultRule[] = []): FaultInjector {
  let entries: { rule: FaultRule; remaining: number }[] = []
  const set = (next: readonly FaultRule[]): void => {
    entries = next.map((rule) => ({ rule: { ...rule }, remaining: rule.times ?? Infinity }))
  }
  set(rules)
  return {
    set,
    list: () => entries.map((entry) => ({ ...entry.rule })),
    pick: (request) => {
      for (const entry of entries) {
        if (entry.remaining > 0 && ruleMatches(entry.rule, request)) {
          entry.remaining--
          return entry.rule
        }
      }
      return builtInFault(request)
    },
  }
}

function ruleMatches(rule: FaultRule, request: FaultRequest): boolean {
  if (rule.apiKey !== undefined && rule.apiKey !== request.apiKey) return false
  if (rule.route !== undefined && rule.route !== request.route) return false
  const value = rule.value
  if (value !== undefined && !request.texts.some((text) => text.includes(value))) return false
  return true
}

function builtInFault(request: FaultRequest): FaultRule | undefined {
  const key = request.apiKey
  if (key !== undefined && FAULT_API_KEYS.includes(key)) {
    return { fault: key.slice('fault-'.length) as FaultName }
  }
  for (const text of request.texts) {
    const found = VALUE_TRIGGER.exec(text)
    if (found?.[1] !== undefined) return { fault: found[1] as FaultName }
  }
  return undefined
}

/** Checks untrusted input (e.g. `PUT /_sim/faults`) is a rule list; throws `TypeError` naming the problem. */
export function parseFaultRules(value: unknown): FaultRule[] {
  const list = isRecord(value) && Array.isArray(value.faults) ? value.faults : value
  if (!Array.isArray(list)) throw new TypeError('expected a list of fault rules')
  return list.map((item, i): FaultRule => {
    if (!isRecord(item)) throw new TypeError(`fault rule ${i} is not an object`)
    const fault = item.fault
    if (typeof fault !== 'string' || !(FAULT_NAMES as readonly string[]).includes(fault)) {
      throw new TypeError(`fault rule ${i}: fault must be one of ${FAULT_NAMES.join(', ')}`)
    }
    const rule: FaultRule = { fault: fault as FaultName }
    for (const key of ['apiKey', 'value', 'route'] as const) {
      const text = item[key]
      if (text === undefined) continue
      if (typeof text !== 'string') throw new TypeError(`fault rule ${i}: ${key} must be a string`)
      rule[key] = text
    }
    for (const key of ['retryAfterSeconds', 'times'] as const) {
      const count = item[key]
      if (count === undefined) continue
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        throw new TypeError(`fault rule ${i}: ${key} must be a non-negative integer`)
      }
      rule[key] = count
    }
    return rule
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
