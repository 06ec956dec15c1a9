/**
 * A hostile tenant for reliability tests and the soak: one IP with many
 * detections and with http events that carry huge file lists, so a relay
 * that maps every file to relations answers many times what it was sent.
 * @module
 */
import {
  type Dataset,
  type SimDetection,
  type SimEvent,
  type SimRule,
  UNTRIAGED_DETECTION,
} from './dataset.ts'

/** What {@link withHostileObservable} adds. */
export interface HostileOptions {
  /** The IP observable that finds it all (a documentation address by default). */
  ip?: string
  /** Active detections of that IP, each with its own `last_seen`. Default 1. */
  detections?: number
  /** Http events behind every detection. Default 1. */
  events?: number
  /** Files listed in each event: each becomes several relations in a naive relay. */
  filesPerEvent?: number
  /** A rule description (markup included) to serve as is. */
  ruleDescription?: string
  /** `uri.uri` of every event. */
  uri?: string
  /** Bare numbers appended to each event's file list, as a broken sensor might send. */
  paddingFiles?: number
  /** The detections' indicator field; default `src.ip`. */
  indicatorField?: string
}

/** The IP {@link withHostileObservable} uses unless told otherwise. */
export const HOSTILE_IP = '198.51.100.66'

function hex(seed: number, length: number): string {
  let text = ''
  let state = seed >>> 0
  while (text.length < length) {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0
    text += state.toString(16).padStart(8, '0')
  }
  return text.slice(0, length)
}

function uuidOf(prefix: number, n: number): string {
  const body = hex(prefix * 1_000_003 + n, 32)
  return `${body.slice(0, 8)}-${body.slice(8, 12)}-4${body.slice(13, 16)}-8${body.slice(17, 20)}-${body.slice(20)}`
}

/**
 * `base` with a hostile IP added: its rule, `detections` detections (newest
 * `last_seen` first) and `events` http events carrying `filesPerEvent` files
 * each. The new events come first, as the dataset keeps events newest first.
 */
export function withHostileObservable(base: Dataset, options: HostileOptions = {}): Dataset {
  const ip = options.ip ?? HOSTILE_IP
  const nowMs = Date.parse(base.now)
  const account = base.accounts.find((item) => !item.test) ?? base.accounts[0]
  const template = base.rules[0]
  if (account === undefined || template === undefined) throw new TypeError('base has no rules')
  const rule: SimRule = {
    ...template,
    uuid: uuidOf(1, 0),
    account_uuid: account.uuid,
    name: 'Hostile amplification rule',
    description: options.ruleDescription ?? template.description,
    indicator_fields: ['src.ip'],
  }
  const events: SimEvent[] = []
  for (let e = 0; e < (options.events ?? 1); e++) {
    const files: unknown[] = []
    for (let p = 0; p < (options.paddingFiles ?? 0); p++) files.push(p)
    for (let f = 0; f < (options.filesPerEvent ?? 0); f++) {
      const seed = e * 1_000_000 + f
      files.push({ md5: hex(seed, 32), sha1: hex(seed + 7, 40), sha256: hex(seed + 13, 64) })
    }
    events.push({
      uuid: uuidOf(2, e),
      timestamp: new Date(nowMs - 60_000 * (e + 1)).toISOString(),
      event_type: 'http',
      customer_id: account.code,
      sensor_id: base.sensors[0]?.sensor_id ?? 'sim1',
      src: { ip, port: 50_000, internal: true },
      dst: { ip: '203.0.113.80', port: 80, internal: false },
      method: 'GET',
      host: { domain: 'hostile.example', ip: '203.0.113.80' },
      uri: { uri: options.uri ?? '/payload.bin' },
      user_agent: 'hostile-agent/1.0',
      status_code: 200,
      status_msg: 'OK',
      files,
    })
  }
  const detections: SimDetection[] = []
  const detectionEvents: Record<string, string[]> = { ...base.detectionEvents }
  for (let d = 0; d < (options.detections ?? 1); d++) {
    const seen = new Date(nowMs - 1000 * (d + 1)).toISOString()
    const uuid = uuidOf(3, d)
    detections.push({
      uuid,
      rule_uuid: rule.uuid,
      account_uuid: account.uuid,
      device_ip: ip,
      muted_device: false,
      sensor_id: base.sensors[0]?.sensor_id ?? 'sim1',
      status: 'active',
      first_seen: seen,
      last_seen: seen,
      created: seen,
      updated: seen,
      event_count: events.length,
      ...UNTRIAGED_DETECTION,
      indicators: [{ field: options.indicatorField ?? 'src.ip', values: [ip] }],
    })
    detectionEvents[uuid] = events.map((event) => event.uuid)
  }
  return {
    ...base,
    rules: [...base.rules, rule],
    detections: [...detections, ...base.detections],
    detectionEvents,
    events: [...events, ...base.events],
  }
}
