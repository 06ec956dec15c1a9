/**
 * The ThreatINSIGHT call table: per call, its API, method, path and how its
 * answer is read. Adding a call is one entry here (and, if observe or a route
 * wants a named method, one line in the client).
 * @module
 */
import { entityV1UrlFor, type Settings } from '../config/settings.ts'
import {
  DetectionEventsAnswerSchema,
  DetectionsAnswerSchema,
  DhcpAnswerSchema,
  EventsQueryAnswerSchema,
  FileAnswerSchema,
  PdnsAnswerSchema,
} from './schemas.ts'
import type { Address, AnswerReader, UpstreamMethod } from './upstream-request.ts'

/** The ThreatINSIGHT APIs, each at its own base URL. */
export type GtiApi = 'detections' | 'events' | 'entity' | 'entityV1'

/** One ThreatINSIGHT call. */
export interface GtiCall<T> {
  api: GtiApi
  method: UpstreamMethod
  /** Relative to the API's base URL; `:name` segments are filled from the input's `params`. */
  path: string
  /** A schema for a JSON answer, or `'empty'` for an answer without a body (e.g. 204). */
  answer: AnswerReader<T>
}

/** What varies per request of one call. */
export interface GtiCallInput {
  /** Values of the path's `:name` segments; each is percent-encoded as one segment. */
  params?: Readonly<Record<string, string>>
  /** Query pairs in order; a name may repeat. */
  query?: ReadonlyArray<readonly [string, string]>
  /** Sent as JSON. */
  body?: unknown
}

function defineCall<T>(call: GtiCall<T>): GtiCall<T> {
  return call
}

/** The calls the relay makes. */
export const GTI_CALLS = {
  /** `GET <detections>/detections` (filtered by the query). */
  detections: defineCall({
    api: 'detections',
    method: 'GET',
    path: 'detections',
    answer: DetectionsAnswerSchema,
  }),
  /** `PUT <detections>/detections/<uuid>/resolve`: an empty body (200 or 204) on success. */
  resolveDetection: defineCall({
    api: 'detections',
    method: 'PUT',
    path: 'detections/:uuid/resolve',
    answer: 'empty',
  }),
  /** `GET <detections>/events?detection_uuid=<uuid>` */
  detectionEvents: defineCall({
    api: 'detections',
    method: 'GET',
    path: 'events',
    answer: DetectionEventsAnswerSchema,
  }),
  /** `POST <events>/query` */
  queryEvents: defineCall({
    api: 'events',
    method: 'POST',
    path: 'query',
    answer: EventsQueryAnswerSchema,
  }),
  /** `GET <entity-v1>/entity/<value>/pdns?start_date&end_date&limit` (observe v2 rule 7) */
  entityPdns: defineCall({
    api: 'entityV1',
    method: 'GET',
    path: 'entity/:value/pdns',
    answer: PdnsAnswerSchema,
  }),
  /** `GET <entity-v1>/entity/<hash>/file` (observe v2 rule 7); 404 when nothing is known */
  entityFile: defineCall({
    api: 'entityV1',
    method: 'GET',
    path: 'entity/:value/file',
    answer: FileAnswerSchema,
  }),
  /** `POST <entity>/entity/tracking/bulk/get/ip` */
  dhcp: defineCall({
    api: 'entity',
    method: 'POST',
    path: 'entity/tracking/bulk/get/ip',
    answer: DhcpAnswerSchema,
  }),
}

/** Resolves a call and its input to the address it is sent to. */
export interface GtiEndpoints {
  /** Whether the region has this API (the Events API is missing in some). */
  has(api: GtiApi): boolean
  /** @throws TypeError when the API has no base URL in this region. */
  address(call: GtiCall<unknown>, input?: GtiCallInput): Address
}

function baseUrl(value: string): string {
  return value.endsWith('/') ? value : `${value}/`
}

function fillPath(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z_]\w*)/g, (_match, name: string) => {
    const value = params[name]
    if (value === undefined) throw new TypeError(`the path ${path} needs the parameter ${name}`)
    return encodeURIComponent(value)
  })
}

function withQuery(address: Address, query: GtiCallInput['query']): Address {
  const search =
    query === undefined ? '' : new URLSearchParams(query as [string, string][]).toString()
  if (search === '') return address
  // URLSearchParams output has nothing the URL query setter would encode again.
  return {
    origin: address.origin,
    path: `${address.path}?${search}`,
    href: `${address.href}?${search}`,
  }
}

/** The endpoints of the configured API base URLs. */
export function createGtiEndpoints(settings: Settings['gti']): GtiEndpoints {
  const bases: Record<GtiApi, string | undefined> = {
    detections: baseUrl(settings.detectionsUrl),
    events: settings.eventsUrl === undefined ? undefined : baseUrl(settings.eventsUrl),
    entity: baseUrl(settings.entityUrl),
    entityV1: baseUrl(settings.entityV1Url ?? entityV1UrlFor(settings.entityUrl)),
  }
  // Most paths are fixed, so each is resolved against its base once instead of per call.
  const fixed = new Map<string, Address>()
  const toAddress = (url: URL): Address => ({
    origin: url.origin,
    path: url.pathname,
    href: url.href,
  })
  const resolveFixed = (base: string, path: string): Address => {
    const key = `${base}\n${path}`
    let address = fixed.get(key)
    if (address === undefined) {
      address = toAddress(new URL(path, base))
      fixed.set(key, address)
    }
    return address
  }
  return {
    has: (api) => bases[api] !== undefined,
    address(call, input = {}) {
      const base = bases[call.api]
      if (base === undefined) {
        throw new TypeError(
          `This ThreatINSIGHT region has no ${call.api} API (settings.gti.${call.api}Url is not set)`,
        )
      }
      const address = call.path.includes(':')
        ? toAddress(new URL(fillPath(call.path, input.params ?? {}), base))
        : resolveFixed(base, call.path)
      return withQuery(address, input.query)
    },
  }
}
