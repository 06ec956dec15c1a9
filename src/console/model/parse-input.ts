/**
 * What the user types into the console: one observable per line, either
 * `type value` or a bare value whose type is guessed (IP, hashes, domain).
 * @module
 */
import type { Observable } from './relay-shapes.ts'

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/
const HEX = /^[0-9a-f]+$/i
const KNOWN_TYPES = new Set([
  'ip',
  'ipv6',
  'domain',
  'md5',
  'sha1',
  'sha256',
  'url',
  'hostname',
  'email',
])

/** The type a bare value most likely has, or undefined when unsure. */
export function guessType(value: string): string | undefined {
  if (IPV4.test(value) || (value.includes(':') && /^[0-9a-f:.]+$/i.test(value))) return 'ip'
  if (HEX.test(value) && value.length === 32) return 'md5'
  if (HEX.test(value) && value.length === 40) return 'sha1'
  if (HEX.test(value) && value.length === 64) return 'sha256'
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+\.?$/i.test(value)) return 'domain'
  return undefined
}

/** Observables of the text, and the lines that could not be read. */
export function parseObservableInput(text: string): {
  observables: Observable[]
  rejected: string[]
} {
  const observables: Observable[] = []
  const rejected: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '') continue
    const [first = '', ...rest] = line.split(/\s+/)
    if (rest.length > 0 && KNOWN_TYPES.has(first.toLowerCase())) {
      observables.push({ type: first.toLowerCase(), value: rest.join(' ') })
      continue
    }
    const type = rest.length === 0 ? guessType(line) : undefined
    if (type === undefined) rejected.push(line)
    else observables.push({ type, value: line })
  }
  return { observables, rejected }
}
