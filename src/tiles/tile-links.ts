/**
 * Portal pages the tiles link to. The rule page and the search are the
 * portal links the relay already uses; the detections list with filters in
 * its query string mirrors the Detections API's own parameters.
 * @module
 */
import { ruleUrl } from '../ctim/portal-links.ts'
import { formEncode } from '../ctim/url-encoding.ts'
import { iqlString } from '../gti/iql.ts'

const base = (portalUrl: string): string => portalUrl.replace(/\/+$/, '')

// Times and filter words need at most their colons encoded; the chart over 90 days builds
// hundreds of these links per answer, so they skip the general encoder.
const SIMPLE = /^[A-Za-z0-9_.:-]*$/
const param = (value: string): string =>
  SIMPLE.test(value) ? value.replaceAll(':', '%3A') : formEncode(value)

/** `<portal>/detections?<filters>`: the portal's list of detections. */
export function detectionsListUrl(
  portalUrl: string,
  filters: Readonly<Record<string, string>> = {},
): string {
  const query = Object.entries(filters)
    .map(([name, value]) => `${name}=${param(value)}`)
    .join('&')
  return `${base(portalUrl)}/detections${query === '' ? '' : `?${query}`}`
}

/** The detections created in `[startMs, endMs)`. */
export function createdBetweenUrl(
  portalUrl: string,
  startMs: number,
  endMs: number,
  filters: Readonly<Record<string, string>> = {},
): string {
  return detectionsListUrl(portalUrl, {
    created_start_date: new Date(startMs).toISOString(),
    created_end_date: new Date(endMs).toISOString(),
    ...filters,
  })
}

/** The portal search for a device: `ip = '<address>'`. */
export function deviceSearchUrl(portalUrl: string, ip: string): string {
  return `${base(portalUrl)}/search?query=${formEncode(`ip = ${iqlString(ip)}`)}`
}

/** The rule page. */
export function rulePageUrl(portalUrl: string, ruleUuid: string): string {
  return ruleUrl(portalUrl, ruleUuid)
}
