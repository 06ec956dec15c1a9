/**
 * Links into the ThreatINSIGHT portal.
 * @module
 */
import { iqlString } from '../gti/iql.ts'
import { encodePathSegment, formEncode } from './url-encoding.ts'

const base = (portalUrl: string): string => portalUrl.replace(/\/+$/, '')

// Characters that neither IQL quoting nor form encoding change: a uuid is made of them.
const PLAIN = /^[A-Za-z0-9_.~-]*$/

/** The portal search for one event: `<portal>/search?query=uuid+%3D+%27<uuid>%27`. */
export function eventSearchUrl(portalUrl: string, eventUuid: string): string {
  // Every sighting has this link, so the common case skips quoting and encoding.
  const query = PLAIN.test(eventUuid)
    ? `uuid+%3D+%27${eventUuid}%27`
    : formEncode(`uuid = ${iqlString(eventUuid)}`)
  return `${base(portalUrl)}/search?query=${query}`
}

/**
 * The rule page `<portal>/detections/rules/<rule uuid>`, with `?account_uuid=<account>`
 * when an account is given (a missing or empty account gives the page without it).
 */
export function ruleUrl(portalUrl: string, ruleUuid: string, accountUuid?: string | null): string {
  const page = `${base(portalUrl)}/detections/rules/${encodePathSegment(ruleUuid)}`
  return accountUuid ? `${page}?account_uuid=${formEncode(accountUuid)}` : page
}

/** The portal search for an IQL query, e.g. `domain = 'example.com'`, form-encoded. */
export function searchUrl(portalUrl: string, iql: string): string {
  return `${base(portalUrl)}/search?query=${formEncode(iql)}`
}
