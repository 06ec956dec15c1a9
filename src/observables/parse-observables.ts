/**
 * The observe/refer payload: a JSON array of `{type, value}`. Validated here
 * once, before anything reaches a URL or an IQL query.
 * @module
 */
import { isIP } from 'node:net'
import { RelayError } from '../errors/relay-error.ts'
import { type Observable, type ObservableType, SUPPORTED_TYPES } from './observable.ts'
import { quoteValue } from './quote-value.ts'

const supported: ReadonlySet<string> = new Set(SUPPORTED_TYPES)
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/
const HEX_LENGTH: Record<string, number> = { md5: 32, sha1: 40, sha256: 64 }
const LABEL = /^[\p{L}\p{N}\p{M}_-]{1,63}$/u

/** Observables to look up plus a warning per skipped value. */
export interface ParsedObservables {
  observables: Observable[]
  warnings: RelayError[]
}

function describe(value: unknown): string {
  // Only an empty body parses to undefined.
  if (value === undefined) return 'an empty body'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return value.trim() === '' ? 'blank' : 'a string'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function isDomain(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value
  if (name.length === 0 || name.length > 253) return false
  return name.split('.').every((label) => LABEL.test(label))
}

// Long enough for any real browser or tool; longer is noise or an attack on the query.
const MAX_USER_AGENT = 2048
// local@domain: no spaces, quotes or backslashes in the local part (an IQL literal stays plain).
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&*+/=?^_`{|}~.-]{1,64}$/

function isEmail(value: string): boolean {
  if (value.length > 254) return false
  const at = value.lastIndexOf('@')
  if (at <= 0) return false
  return EMAIL_LOCAL.test(value.slice(0, at)) && isDomain(value.slice(at + 1))
}

/** Why a value cannot be a `type` observable, or undefined when it can. */
export function invalidValueReason(type: ObservableType, value: string): string | undefined {
  if (CONTROL.test(value)) return 'it contains control characters'
  switch (type) {
    case 'ip':
      return isIP(value) === 0 ? 'it is not an IPv4 or IPv6 address' : undefined
    case 'domain':
      return isDomain(value) ? undefined : 'it is not a valid domain name'
    case 'ipv6':
      return isIP(value) === 6 ? undefined : 'it is not an IPv6 address'
    case 'user_agent':
      return value.length > MAX_USER_AGENT
        ? `it is longer than ${MAX_USER_AGENT} characters`
        : undefined
    case 'email':
      return isEmail(value) ? undefined : 'it is not an email address'
    default: {
      const length = HEX_LENGTH[type]
      if (value.length !== length) return `a ${type.toUpperCase()} hash has ${length} characters`
      return /^[0-9a-fA-F]+$/.test(value) ? undefined : 'it has non-hexadecimal characters'
    }
  }
}

/**
 * Validate a payload and keep the supported, valid, distinct observables in
 * request order.
 * @throws RelayError `invalid argument` when the payload is not an array of `{type, value}`.
 */
export function parseObservables(payload: unknown, maxObservables: number): ParsedObservables {
  if (!Array.isArray(payload)) {
    throw new RelayError(
      'invalid argument',
      `Invalid JSON payload received: expected an array of observables, got ${describe(payload)}.`,
    )
  }
  if (payload.length > maxObservables) {
    throw new RelayError(
      'invalid argument',
      `Invalid JSON payload received: ${payload.length} observables exceed the limit of ${maxObservables}.`,
    )
  }
  payload.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new RelayError(
        'invalid argument',
        `Invalid JSON payload received: observable ${index} must be an object with "type" and "value", got ${describe(item)}.`,
      )
    }
    for (const field of ['type', 'value'] as const) {
      const value = (item as Record<string, unknown>)[field]
      if (typeof value !== 'string' || value.trim() === '') {
        const got = value === undefined ? 'missing' : describe(value)
        throw new RelayError(
          'invalid argument',
          `Invalid JSON payload received: observable ${index}: "${field}" must be a non-empty string, got ${got}.`,
        )
      }
    }
  })

  const observables: Observable[] = []
  const warnings: RelayError[] = []
  const seen = new Set<string>()
  for (const item of payload as { type: string; value: string }[]) {
    if (!supported.has(item.type)) continue
    const type = item.type as ObservableType
    const key = `${type}\u0000${item.value}`
    if (seen.has(key)) continue
    seen.add(key)
    const reason = invalidValueReason(type, item.value)
    if (reason !== undefined) {
      warnings.push(
        new RelayError('invalid argument', `Skipped ${type} ${quoteValue(item.value)}: ${reason}.`),
      )
      continue
    }
    observables.push({ type, value: item.value })
  }
  return { observables, warnings }
}
