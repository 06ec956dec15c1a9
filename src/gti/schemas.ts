/**
 * Schemas of the ThreatINSIGHT answers the relay reads. Upstream JSON is
 * untrusted: every answer is validated here, unknown fields are kept (CTIM
 * mapping walks events by path) and optional fields accept `null`.
 * @module
 */
import { z } from 'zod'

const text = z.string()
const optionalText = z.string().nullish()

/** One side of a connection (`src`/`dst`) of an event. */
export const GtiEndpointSchema = z.looseObject({
  ip: optionalText,
  internal: z.boolean().nullish(),
})
export type GtiEndpoint = z.infer<typeof GtiEndpointSchema>

/** A network event (flow, dns, http, ssl, x509, pe, ssh, suricata, ...). */
export const GtiEventSchema = z.looseObject({
  uuid: text,
  timestamp: text,
  event_type: optionalText,
  customer_id: optionalText,
  sensor_id: optionalText,
  src: GtiEndpointSchema.nullish(),
  dst: GtiEndpointSchema.nullish(),
})
export type GtiEvent = z.infer<typeof GtiEventSchema>

export const IndicatorSchema = z.looseObject({
  field: text,
  values: z.array(z.unknown()).nullish(),
})
export type DetectionIndicator = z.infer<typeof IndicatorSchema>

export const DetectionSchema = z.looseObject({
  uuid: text,
  rule_uuid: text,
  account_uuid: optionalText,
  device_ip: optionalText,
  sensor_id: optionalText,
  status: optionalText,
  indicators: z.array(IndicatorSchema).nullish(),
})
export type Detection = z.infer<typeof DetectionSchema>

export const RuleSchema = z.looseObject({
  uuid: text,
  name: optionalText,
  category: optionalText,
  description: optionalText,
  severity: optionalText,
  confidence: optionalText,
  created: optionalText,
})
export type Rule = z.infer<typeof RuleSchema>

/** `GET <detections>/detections` */
export const DetectionsAnswerSchema = z.looseObject({
  detections: z.array(DetectionSchema),
  rules: z.array(RuleSchema).nullish(),
  total_count: z.number().nullish(),
})
export type DetectionsAnswer = z.infer<typeof DetectionsAnswerSchema>

/** `GET <detections>/events?detection_uuid=`: each item wraps its event. */
export const DetectionEventsAnswerSchema = z.looseObject({
  events: z.array(z.looseObject({ rule_uuid: optionalText, event: GtiEventSchema })),
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

export const DhcpRecordSchema = z.looseObject({
  ip: optionalText,
  account_code: optionalText,
  mac: optionalText,
  hostname: optionalText,
})
export type DhcpRecord = z.infer<typeof DhcpRecordSchema>

/** `POST <entity>/entity/tracking/bulk/get/ip` */
export const DhcpAnswerSchema = z.looseObject({
  entity_tracking_bulk_response: z.looseObject({
    dhcp: z.array(DhcpRecordSchema).nullish(),
  }),
})
export type DhcpAnswer = z.infer<typeof DhcpAnswerSchema>
