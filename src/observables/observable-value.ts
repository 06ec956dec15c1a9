/**
 * How an observable's value is asked for and recognised upstream (observe v2
 * rule 6): IPv6 in its canonical lower-case form, email addresses without
 * regard to case, every other type exactly as given.
 * @module
 */
import { isIP } from 'node:net'
import type { Observable, ObservableType } from './observable.ts'

/** The canonical text of an IPv6 address (lower case, zeros compressed), else undefined. */
export function canonicalIpv6(value: string): string | undefined {
  if (isIP(value) !== 6) return undefined
  // The WHATWG URL parser writes IPv6 hosts in the RFC 5952 form.
  return new URL(`http://[${value}]/`).hostname.slice(1, -1)
}

/** The value sent in queries: canonical for `ipv6`, lower case for `email`, else as given. */
export function lookupValue(observable: Observable): string {
  switch (observable.type) {
    case 'ipv6':
      return canonicalIpv6(observable.value) ?? observable.value
    case 'email':
      return observable.value.toLowerCase()
    default:
      return observable.value
  }
}

/** The IQL field an observable type is searched by (`ipv6` is searched as `ip`). */
export function iqlField(type: ObservableType): string {
  return type === 'ipv6' ? 'ip' : type
}

/** Whether a value found in an event is the observable, compared as its type says. */
export function valueMatcher(observable: Observable): (found: string) => boolean {
  const wanted = lookupValue(observable)
  switch (observable.type) {
    case 'ipv6':
      return (found) => found === wanted || canonicalIpv6(found) === wanted
    case 'email':
      return (found) => found.toLowerCase() === wanted
    default:
      return (found) => found === wanted
  }
}
