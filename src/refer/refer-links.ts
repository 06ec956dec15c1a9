/**
 * Refer: pivot links from an observable to the ThreatINSIGHT portal search.
 * No upstream call.
 * @module
 */
import type { Observable, ObservableType } from '../observables/observable.ts'

/** A refer item as XDR shows it. */
export interface ReferLink {
  id: string
  title: string
  description: string
  url: string
  categories: string[]
}

const LABELS: Record<ObservableType, string> = {
  ip: 'IP',
  domain: 'domain',
  md5: 'MD5',
  sha1: 'SHA1',
  sha256: 'SHA256',
  ipv6: 'IPv6',
  user_agent: 'user agent',
  email: 'email',
}

/** The product name shown to analysts in links and sources. */
export const PRODUCT = 'Gigamon ThreatINSIGHT'

/** One portal search link per observable, in the order given. */
export function referLinks(observables: readonly Observable[], portalUrl: string): ReferLink[] {
  return observables.map(({ type, value }) => ({
    id: `ref-gti-search-${type}-${value}`,
    title: `Search for this ${LABELS[type]}`,
    description: `Lookup this ${LABELS[type]} on ${PRODUCT}`,
    url: `${portalUrl}/search?query=${encodeURIComponent(value)}`,
    categories: ['Search', PRODUCT],
  }))
}
