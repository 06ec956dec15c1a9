/**
 * Schemas of the ThreatINSIGHT answers the relay reads. Upstream JSON is
 * untrusted: every answer is validated here, unknown fields are kept (CTIM
 * mapping walks events by path) and optional fields accept `null`.
 *
 * Items (events, detections, rules, DHCP records) are checked in place by type
 * guards rather than rebuilt by object schemas: answers hold hundreds of events
 * and copying each one doubled the relay's allocation per request.
 * @module
 */

import * as z from 'zod'
import { isRecord } from '../values/is-record.ts'

type Optional<T> = T | null | undefined

/** One side of a connection (`src`/`dst`) of an event. */
export interface GtiEndpoint {
  ip?: Optional<string>
  internal?: Optional<boolean>
  [field: string]: unknown
}

/** A network event (flow, dns, http, ssl, x509, pe, ssh, suricata, ...). */
export interface GtiEvent {
  uuid: string
  timestamp: string
  event_type?: Optional<string>
  customer_id?: Optional<string>
  sensor_id?: Optional<string>
  src?: Optional<GtiEndpoint>
  dst?: Optional<GtiEndpoint>
  [field: string]: unknown
}

/** An indicator of a detection: an event field and the values that fired. */
export interface DetectionIndicator {
  field: string
  values?: Optional<unknown[]>
  [field: string]: unknown
}

/** A detection: a rule that fired for a device in an account. */
export interface Detection {
  uuid: string
  rule_uuid: string
  account_uuid?: Optional<string>
  device_ip?: Optional<string>
  sensor_id?: Optional<string>
  status?: Optional<string>
  indicators?: Optional<DetectionIndicator[]>
  [field: string]: unknown
}

/** A detection rule. */
export interface Rule {
  uuid: string
  name?: Optional<string>
  category?: Optional<string>
  description?: Optional<string>
  severity?: Optional<string>
  confidence?: Optional<string>
  created?: Optional<string>
  [field: string]: unknown
}

/** A DHCP lease record of the Entity API's bulk tracking lookup. */
export interface DhcpRecord {
  ip?: Optional<string>
  account_code?: Optional<string>
  mac?: Optional<string>
  hostname?: Optional<string>
  [field: string]: unknown
}

type Fields = Record<string, unknown>

const isText = (value: unknown): value is string => typeof value === 'string'
const isOptionalText = (value: unknown) => value === undefined || value === null || isText(value)
const optionalTexts = (value: Fields, keys: readonly string[]) =>
  keys.every((key) => isOptionalText(value[key]))

function isEndpoint(value: unknown): value is GtiEndpoint {
  if (value === undefined || value === null) return true
  if (!isRecord(value)) return false
  const internal = value.internal
  return (
    isOptionalText(value.ip) &&
    (internal === undefined || internal === null || typeof internal === 'boolean')
  )
}

/** Whether `value` has the fields of a {@link GtiEvent} with their types. */
export function isGtiEvent(value: unknown): value is GtiEvent {
  return (
    isRecord(value) &&
    isText(value.uuid) &&
    isText(value.timestamp) &&
    optionalTexts(value, ['event_type', 'customer_id', 'sensor_id']) &&
    isEndpoint(value.src) &&
    isEndpoint(value.dst)
  )
}

function isIndicator(value: unknown): value is DetectionIndicator {
  if (!isRecord(value) || !isText(value.field)) return false
  const values = value.values
  return values === undefined || values === null || Array.isArray(values)
}

/** Whether `value` has the fields of a {@link Detection} with their types. */
export function isDetection(value: unknown): value is Detection {
  if (!isRecord(value) || !isText(value.uuid) || !isText(value.rule_uuid)) return false
  if (!optionalTexts(value, ['account_uuid', 'device_ip', 'sensor_id', 'status'])) return false
  const indicators = value.indicators
  return (
    indicators === undefined ||
    indicators === null ||
    (Array.isArray(indicators) && indicators.every(isIndicator))
  )
}

/** Whether `value` has the fields of a {@link Rule} with their types. */
export function isRule(value: unknown): value is Rule {
  return (
    isRecord(value) &&
    isText(value.uuid) &&
    optionalTexts(value, ['name', 'category', 'description', 'severity', 'confidence', 'created'])
  )
}

/** Whether `value` has the fields of a {@link DhcpRecord} with their types. */
export function isDhcpRecord(value: unknown): value is DhcpRecord {
  return isRecord(value) && optionalTexts(value, ['ip', 'account_code', 'mac', 'hostname'])
}

const checked = <T>(guard: (value: unknown) => value is T, message: string) =>
  z.custom<T>(guard, { error: message })

/** An event, checked in place. */
export const GtiEventSchema = checked(
  isGtiEvent,
  'expected an event with string uuid and timestamp and well-typed src/dst',
)
/** A detection, checked in place. */
export const DetectionSchema = checked(
  isDetection,
  'expected a detection with string uuid and rule_uuid and well-typed indicators',
)
/** A rule, checked in place. */
export const RuleSchema = checked(isRule, 'expected a rule with a string uuid')
/** A DHCP record, checked in place. */
export const DhcpRecordSchema = checked(isDhcpRecord, 'expected a DHCP record')

/** `GET <detections>/detections` */
export const DetectionsAnswerSchema = z.looseObject({
  detections: z.array(DetectionSchema),
  rules: z.array(RuleSchema).nullish(),
  total_count: z.number().nullish(),
})
export type DetectionsAnswer = z.infer<typeof DetectionsAnswerSchema>

/** `GET <detections>/events?detection_uuid=`: each item wraps its event. */
export const DetectionEventsAnswerSchema = z.looseObject({
  events: z.array(z.looseObject({ rule_uuid: z.string().nullish(), event: GtiEventSchema })),
  total_count: z.number().nullish(),
})
export type DetectionEventsAnswer = z.infer<typeof DetectionEventsAnswerSchema>

/** `POST <events>/query` */
export const EventsQueryAnswerSchema = z.looseObject({
  events: z.array(GtiEventSchema),
  total: z.number().nullish(),
  limit: z.number().nullish(),
})
export type EventsQueryAnswer = z.infer<typeof EventsQueryAnswerSchema>

/** `POST <entity>/entity/tracking/bulk/get/ip` */
export const DhcpAnswerSchema = z.looseObject({
  entity_tracking_bulk_response: z.looseObject({
    dhcp: z.array(DhcpRecordSchema).nullish(),
  }),
})
export type DhcpAnswer = z.infer<typeof DhcpAnswerSchema>

/** A passive DNS record of the Entity API v1 (`resolved` is what the entity resolved to, or from). */
export interface PdnsRecord {
  account_uuid?: Optional<string>
  customer_id?: Optional<string>
  sensor_id?: Optional<string>
  first_seen?: Optional<string>
  last_seen?: Optional<string>
  record_type?: Optional<string>
  resolved?: Optional<string>
  source?: Optional<string>
  [field: string]: unknown
}

/** Whether `value` has the fields of a {@link PdnsRecord} with their types. */
export function isPdnsRecord(value: unknown): value is PdnsRecord {
  return (
    isRecord(value) &&
    optionalTexts(value, [
      'account_uuid',
      'customer_id',
      'sensor_id',
      'first_seen',
      'last_seen',
      'record_type',
      'resolved',
      'source',
    ])
  )
}

/** A passive DNS record, checked in place. */
export const PdnsRecordSchema = checked(isPdnsRecord, 'expected a passive DNS record')

/** `GET <entity-v1>/entity/<value>/pdns` */
export const PdnsAnswerSchema = z.looseObject({
  result_count: z.number().nullish(),
  passivedns: z.array(PdnsRecordSchema).nullish(),
})
export type PdnsAnswer = z.infer<typeof PdnsAnswerSchema>

/** What the Entity API v1 knows of a file; fields of unexpected types are ignored by the mapping. */
export interface FileEntity {
  [field: string]: unknown
}

/** `GET <entity-v1>/entity/<hash>/file`: `file` is absent, null or empty when nothing is known. */
export const FileAnswerSchema = z.looseObject({
  hash_type: z.string().nullish(),
  file: z.custom<FileEntity>(isRecord, { error: 'expected a file object' }).nullish(),
})
export type FileAnswer = z.infer<typeof FileAnswerSchema>
