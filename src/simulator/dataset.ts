/**
 * The simulator's tenant data: what `generateDataset` produces, what
 * `saveDataset` writes and what the routes serve. Field names follow the
 * ThreatINSIGHT answers (snake_case) so records are served as they are.
 * @module
 */

/** An account (tenant); `code` is the `customer_id` found in events. */
export interface SimAccount {
  uuid: string
  code: string
  name: string
  /** The Demo and Training accounts that relays filter out by default. */
  test: boolean
}

/** A sensor of an account, as `GET /sensor/v1/sensors` lists it. */
export interface SimSensor {
  sensor_id: string
  account_code: string
  created: string
  updated: string
  disabled: boolean
  location: { latitude: number; longitude: number }
  city: string
  subdivision: string
  country: string
  tags: string[]
  pcap_enabled: boolean
  serial_number: string
  status: null
  interfaces: null
  admin: null
}

/** One DHCP lease interval: `lease_end` null while the lease is still held. */
export interface DhcpLease {
  ip: string
  account_code: string
  mac: string
  hostname: string
  sensor_id: string
  lease_start: string
  lease_end: string | null
}

/** A detection rule (microsecond timestamps, as upstream). */
export interface SimRule {
  uuid: string
  account_uuid: string
  name: string
  category: string
  description: string
  severity: 'high' | 'moderate' | 'low'
  confidence: 'high' | 'moderate' | 'low'
  created: string
  updated: string
  critical_updated: string
  created_user_uuid: string
  updated_user_uuid: string
  enabled: boolean
  query_signature: string
  auto_resolution_minutes: number
  device_ip_fields: string[]
  indicator_fields: string[]
  primary_attack_id: string | null
  secondary_attack_id: string | null
  specificity: string
  source_excludes: string[]
  run_account_uuids: string[]
  shared_account_uuids: string[]
}

/** `{field, values}`: `field` is an event path, optionally `type:`-qualified. */
export interface SimIndicator {
  field: string
  values: string[]
}

/** A detection; `indicators` are always stored and served only on `include=indicators`. */
export interface SimDetection {
  uuid: string
  rule_uuid: string
  account_uuid: string
  device_ip: string
  sensor_id: string
  status: 'active' | 'resolved'
  first_seen: string
  last_seen: string
  created: string
  updated: string
  event_count: number
  hostname: string | null
  username: string | null
  muted: boolean
  muted_comment: string | null
  muted_device_uuid: string | null
  muted_rule: boolean
  /** The device is muted (`muted_device_uuid` names the mute). */
  muted_device: boolean
  muted_timestamp: string | null
  muted_user_uuid: string | null
  resolution: string | null
  resolution_comment: string | null
  resolution_timestamp: string | null
  resolution_user_uuid: string | null
  indicators: SimIndicator[]
}

/** The fields of a detection nobody has muted, resolved or tied to a host or user. */
export const UNTRIAGED_DETECTION = {
  hostname: null,
  username: null,
  muted: false,
  muted_comment: null,
  muted_device_uuid: null,
  muted_rule: false,
  muted_timestamp: null,
  muted_user_uuid: null,
  resolution: null,
  resolution_comment: null,
  resolution_timestamp: null,
  resolution_user_uuid: null,
} as const satisfies Partial<SimDetection>

/** `src`/`dst` of an event. */
export interface SimEndpoint {
  ip: string
  port: number | null
  internal: boolean
  [field: string]: unknown
}

/** A network event (millisecond timestamps); type-specific fields vary. */
export interface SimEvent {
  uuid: string
  timestamp: string
  event_type: string
  customer_id: string
  sensor_id: string
  src: SimEndpoint
  dst: SimEndpoint
  [field: string]: unknown
}

/** A whole simulated tenant. Events are kept newest first. */
export interface Dataset {
  version: 1
  seed: number
  /** The instant the timestamps are relative to. */
  now: string
  accounts: SimAccount[]
  sensors: SimSensor[]
  leases: DhcpLease[]
  rules: SimRule[]
  detections: SimDetection[]
  /** Detection uuid → the uuids of the events behind it. */
  detectionEvents: Record<string, string[]>
  events: SimEvent[]
}

/** Account uuid of the Demo test account. */
export const DEMO_ACCOUNT_UUID = '6bc3d2f1-af77-4236-a9db-17dacd06e4d9'
/** Account uuid of the Training test account. */
export const TRAINING_ACCOUNT_UUID = 'f6f6f836-8bcd-4f5d-bd61-68d303c4f634'

/** Observables that C's functional tests expect to find, each with active detections. */
export const WELL_KNOWN_OBSERVABLES = {
  ip: '45.77.51.101',
  domain: 'securecorp.club',
  sha256: '9ffc7e4333d3be11b244d5f83b02ebcd194a671539f7faf1b5597d9209cc25c3',
  md5: '00d8cf1940dc5f9c8a9c6656579f37bd',
  sha1: 'ae4149f9e0fc3ea69a2eb3855c01f1d26758c3d1',
} as const
