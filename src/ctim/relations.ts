/**
 * The observed relations of one event (observe.md, Relations).
 * @module
 */
import type { GtiEvent } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { SOURCE } from './constants.ts'
import { fieldOf, nonEmptyString } from './fields.ts'
import { rebuildUrl } from './rebuild-url.ts'
import type { ObservedRelation } from './types.ts'

const HASH_TYPES = ['md5', 'sha1', 'sha256'] as const

/**
 * Relations in the spec's order: src `Connected_To` dst; dns query and answers;
 * http user agent, host, URL and files; x509 `SAN_DNS_For` when the observable is a
 * domain. A relation is kept only when both of its values are non-empty strings.
 * At most `max` relations are built: an event's lists (files, DNS answers) are
 * upstream-sized, so building stops at the cap rather than trimming afterwards.
 */
export function buildRelations(
  event: GtiEvent,
  observable: Observable,
  max = Number.POSITIVE_INFINITY,
): ObservedRelation[] {
  const relations: ObservedRelation[] = []
  const full = (): boolean => relations.length >= max
  const relate = (
    sourceType: string,
    sourceValue: unknown,
    relation: string,
    relatedType: string,
    relatedValue: unknown,
  ): void => {
    const source = nonEmptyString(sourceValue)
    const related = nonEmptyString(relatedValue)
    if (source === undefined || related === undefined || full()) return
    relations.push({
      origin: SOURCE,
      source: { type: sourceType, value: source },
      relation,
      related: { type: relatedType, value: related },
    })
  }

  const srcIp = fieldOf(event.src, 'ip')
  const dstIp = fieldOf(event.dst, 'ip')
  relate('ip', srcIp, 'Connected_To', 'ip', dstIp)

  // A null, empty or non-object query has no domain, so the guard in relate covers it.
  if (event.event_type === 'dns') {
    const domain = fieldOf(fieldOf(event, 'query'), 'domain')
    relate('ip', srcIp, 'Queried_For', 'domain', domain)
    const answers = fieldOf(event, 'answers')
    if (Array.isArray(answers)) {
      for (const answer of answers) {
        if (full()) break
        relate('domain', domain, 'Resolved_To', 'ip', fieldOf(answer, 'ip'))
      }
    }
  }

  if (event.event_type === 'http') {
    const userAgent = fieldOf(event, 'user_agent')
    relate('user_agent', userAgent, 'Sent_From', 'ip', srcIp)
    relate('user_agent', userAgent, 'Sent_To', 'ip', dstIp)

    const host = fieldOf(event, 'host')
    const hostDomain = nonEmptyString(fieldOf(host, 'domain'))
    relate('domain', hostDomain, 'Resolved_To', 'ip', dstIp)

    const uriText = fieldOf(fieldOf(event, 'uri'), 'uri')
    if (typeof uriText === 'string') {
      const url = rebuildUrl(
        uriText,
        hostDomain,
        nonEmptyString(fieldOf(host, 'ip')),
        nonEmptyString(dstIp),
      )
      // A URL observable from event data is only ever a web address, never `javascript:` & co.
      if (url.startsWith('http://') || url.startsWith('https://')) {
        relate('ip', srcIp, 'Connected_To', 'url', url)
        relate('url', url, 'Hosted_On', 'ip', dstIp)
      }
    }

    const files = fieldOf(event, 'files')
    if (Array.isArray(files)) {
      const pairs: readonly [unknown, string][] =
        fieldOf(event, 'method') === 'GET'
          ? [
              [srcIp, 'Downloaded_To'],
              [dstIp, 'Downloaded_From'],
            ]
          : [
              [srcIp, 'Uploaded_From'],
              [dstIp, 'Uploaded_To'],
            ]
      for (const [sideIp, relation] of pairs) {
        for (const file of files) {
          if (full()) break
          for (const hash of HASH_TYPES) relate(hash, fieldOf(file, hash), relation, 'ip', sideIp)
        }
      }
    }
  }

  if (event.event_type === 'x509' && observable.type === 'domain') {
    relate('domain', observable.value, 'SAN_DNS_For', 'ip', dstIp)
  }

  return relations
}
