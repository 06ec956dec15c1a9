/**
 * Links into the ThreatINSIGHT portal.
 * @module
 */
import { iqlString } from '../gti/iql.ts'
import { encodePathSegment, formEncode } from './url-encoding.ts'

const base = (portalUrl: string): string => portalUrl.replace(/\/+$/, '')

/** The portal search for one event: `<portal>/search?query=uuid+%3D+%27<uuid>%27`. */
export function eventSearchUrl(portalUrl: string, eventUuid: string): string {
  return `${base(portalUrl)}/search?query=${formEncode(`uuid = ${iqlString(eventUuid)}`)}`
}

/**
 * The rule page `<portal>/detections/rules/<rule uuid>`, with `?account_uuid=<account>`
 * when an account is given (a missing or empty account gives the page without it).
 */
export function ruleUrl(portalUrl: string, ruleUuid: string, accountUuid?: string | null): string {
  const page = `${base(portalUrl)}/detections/rules/${encodePathSegment(ruleUuid)}`
  return accountUuid ? `${page}?account_uuid=${formEncode(accountUuid)}` : page
}
