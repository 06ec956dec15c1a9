/**
 * Settings: the environment parsed once at start into a fully required,
 * validated object. Nothing else in the relay reads `process.env`.
 * @module
 */
import * as z from 'zod'

/** Hosts that issue XDR/SecureX configuration tokens, one per region. */
export const DEFAULT_JWKS_HOSTS = [
  'visibility.amp.cisco.com',
  'visibility.eu.amp.cisco.com',
  'visibility.apjc.amp.cisco.com',
] as const

/** API bases per ThreatINSIGHT region; EU has no known Events API host. */
export const REGION_DEFAULTS = {
  us: {
    detectionsUrl: 'https://detections.icebrg.io/v1/',
    eventsUrl: 'https://events.icebrg.io/v2/',
    entityUrl: 'https://entity.icebrg.io/v2/',
    portalUrl: 'https://portal.icebrg.io',
  },
  eu: {
    detectionsUrl: 'https://detections.eu.fortindr.forticloud.com/v1/',
    eventsUrl: undefined,
    entityUrl: 'https://entity.eu.fortindr.forticloud.com/v2/',
    portalUrl: 'https://portal-eu.fortindr.forticloud.com',
  },
} as const

export type Region = keyof typeof REGION_DEFAULTS

/** The relay's settings, every value resolved. */
export interface Settings {
  port: number
  host: string
  region: Region
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  gti: {
    detectionsUrl: string
    /** Undefined when the region has no Events API or it is set to `none`: the events step is skipped. */
    eventsUrl: string | undefined
    entityUrl: string
    /** Entity API v1 base (pdns, file); absent means {@link entityV1UrlFor} of `entityUrl`. */
    entityV1Url?: string
    portalUrl: string
    eventsLookbackDays: number
    /** Budget of one upstream call, retries excluded. */
    callTimeoutMs: number
    /** Sockets per upstream origin. */
    connectionsPerOrigin: number
    /** Largest upstream answer read; a larger one is refused before parsing. Absent: the client's default. */
    maxAnswerBytes?: number
  }
  auth: {
    allowedJwksHosts: readonly string[]
    /** Development override: every key comes from this URL. */
    jwksUrl: string | undefined
    /** The token audience when it cannot be derived from the request. */
    publicUrl: string | undefined
    /** Honour X-Forwarded-Proto / X-Forwarded-Host when deriving the audience. */
    trustProxy: boolean
  }
  /** Verdicts and judgements (deliberate.md). */
  deliberate: {
    /** Days a judgement stays valid after its detections were last seen. */
    judgementValidDays: number
    /** Detections read per observable for judgements, response actions and observe. */
    maxDetections: number
  }
  tiles: {
    /** Detections read per tile query; more are left out with a warning. */
    maxDetections: number
  }
  /** How long the listening server waits for clients, and how many it holds. */
  server: {
    /** All headers of a request must arrive within this. */
    headersTimeoutMs: number
    /** Headers and body of a request must arrive within this. */
    bodyTimeoutMs: number
    /** An idle keep-alive connection is closed after this. */
    keepAliveTimeoutMs: number
    /** A connection silent this long (no byte either way) is closed; above `requestTimeoutMs`. */
    idleTimeoutMs: number
    /** Open connections; more are refused at accept. */
    maxConnections: number
    /** After a 413, the rest of the body is read and discarded this long at most... */
    lingerTimeoutMs: number
    /** ...and this many bytes at most, so the client reads the answer instead of a reset. */
    lingerMaxBytes: number
  }
  answerCache: {
    /** How long an observable's answer is served again; 0 turns the cache off. */
    ttlMs: number
    /** Bounds of the in-process store (Redis is bounded by its own `maxmemory`). */
    maxEntries: number
    maxBytes: number
  }
  /** Shared state of a fleet; undefined keeps everything in process. */
  redis:
    | {
        /** May hold a password: never log it. */
        url: string
        keyPrefix: string
        connectTimeoutMs: number
        /** Deadline of one Redis command; past it the relay uses in-process state. */
        commandTimeoutMs: number
      }
    | undefined
  limits: {
    maxBodyBytes: number
    maxObservables: number
    /** Deadline of one relay request, below API Gateway's 29 s. */
    requestTimeoutMs: number
    /** Observables of one request looked up at once. */
    observeConcurrency: number
    /** Bytes of one serialised answer; sightings past it are left out with a warning. */
    maxAnswerBytes: number
    /** Relations of one sighting; the rest of an event's relations are cut with a warning. */
    maxRelationsPerSighting: number
    /** Detections of one observable whose events are fetched, newest first. */
    maxDetectionCallsPerObservable: number
    /** Detection events calls of one request, all observables together. */
    maxDetectionCallsPerRequest: number
  }
}

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((value) => value.trim())

const baseUrl = httpUrl.transform((value) => (value.endsWith('/') ? value : `${value}/`))

const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off', '']))
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value))

const hostList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter((host) => host.length > 0),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(
            /^[a-z0-9.-]+(:\d{1,5})?$/,
            'must be host names (optionally with :port), no scheme or path',
          ),
      )
      .min(1, 'must name at least one host'),
  )

const envSchema = z.object({
  PORT: intIn(0, 65535).default(9090),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  GTI_REGION: z.enum(['us', 'eu']).default('us'),
  GTI_DETECTIONS_API_URL: baseUrl.optional(),
  // `none` turns the recent-events step off (observe v2 rule 3), as the EU default does.
  GTI_EVENTS_API_URL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.literal('none'))
    .or(baseUrl)
    .optional(),
  GTI_ENTITY_API_URL: baseUrl.optional(),
  GTI_ENTITY_V1_API_URL: baseUrl.optional(),
  GTI_PORTAL_URL: httpUrl.transform((value) => value.replace(/\/+$/, '')).optional(),
  GTI_EVENTS_LOOKBACK_DAYS: intIn(1, 365).default(7),
  GTI_CALL_TIMEOUT_MS: intIn(100, 120_000).default(8000),
  GTI_CONNECTIONS_PER_ORIGIN: intIn(1, 1024).default(128),
  GTI_MAX_ANSWER_BYTES: intIn(64 * 1024, 256 * 1024 * 1024).default(8 * 1024 * 1024),
  GTI_TILES_MAX_DETECTIONS: intIn(100, 100_000).default(10_000),
  JWKS_ALLOWED_HOSTS: hostList.default([...DEFAULT_JWKS_HOSTS]),
  JWKS_URL: httpUrl.optional(),
  RELAY_PUBLIC_URL: httpUrl.transform((value) => value.replace(/\/+$/, '')).optional(),
  TRUST_PROXY: flag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HEADERS_TIMEOUT_MS: intIn(100, 600_000).default(10_000),
  BODY_TIMEOUT_MS: intIn(100, 900_000).default(30_000),
  KEEP_ALIVE_TIMEOUT_MS: intIn(100, 900_000).default(72_000),
  IDLE_TIMEOUT_MS: intIn(100, 3_600_000).default(60_000),
  MAX_CONNECTIONS: intIn(1, 1_000_000).default(500),
  LINGER_TIMEOUT_MS: intIn(0, 60_000).default(5000),
  LINGER_MAX_BYTES: intIn(0, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  MAX_BODY_BYTES: intIn(1024, 64 * 1024 * 1024).default(1024 * 1024),
  MAX_OBSERVABLES: intIn(1, 100_000).default(1000),
  REQUEST_TIMEOUT_MS: intIn(100, 900_000).default(20_000),
  OBSERVE_CONCURRENCY: intIn(1, 1000).default(100),
  GTI_JUDGEMENT_VALID_DAYS: intIn(1, 365).default(30),
  GTI_DELIBERATE_MAX_DETECTIONS: intIn(1, 10_000).default(1000),
  MAX_ANSWER_BYTES: intIn(64 * 1024, 256 * 1024 * 1024).default(16 * 1024 * 1024),
  MAX_RELATIONS_PER_SIGHTING: intIn(1, 100_000).default(100),
  MAX_DETECTION_CALLS_PER_OBSERVABLE: intIn(1, 10_000).default(100),
  MAX_DETECTION_CALLS_PER_REQUEST: intIn(1, 100_000).default(1000),
  ANSWER_CACHE_TTL_S: intIn(0, 86_400).default(60),
  ANSWER_CACHE_MAX_ENTRIES: intIn(1, 10_000_000).default(20_000),
  ANSWER_CACHE_MAX_BYTES: intIn(1024, 16 * 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .transform((value) => value.trim())
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9:_.-]{0,64}$/, 'must be up to 64 of A-Z a-z 0-9 : _ . -')
    .default('gti-relay:'),
  REDIS_CONNECT_TIMEOUT_MS: intIn(10, 60_000).default(1000),
  REDIS_COMMAND_TIMEOUT_MS: intIn(1, 10_000).default(50),
})

/**
 * The Entity API v1 base that goes with an Entity API base: a final `/v2/`
 * becomes `/v1/`, any other path is replaced by `/v1/` on the same host.
 */
export function entityV1UrlFor(entityUrl: string): string {
  if (/\/v2\/?$/.test(entityUrl)) return entityUrl.replace(/\/v2\/?$/, '/v1/')
  return new URL('/v1/', entityUrl).href
}

/** A setting that cannot be used; the message names it. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SettingsError'
  }
}

/**
 * Parse the environment into {@link Settings}. Empty strings count as unset.
 * @throws SettingsError naming every invalid variable.
 */
export function parseSettings(env: Readonly<Record<string, string | undefined>>): Settings {
  const present: Record<string, string> = {}
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key]
    if (value !== undefined && value.trim() !== '') present[key] = value
  }
  const parsed = envSchema.safeParse(present)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment')
      return `${name}: ${issue.message}`
    })
    throw new SettingsError(`Invalid settings: ${problems.join('; ')}`)
  }
  const e = parsed.data
  // Node would quietly swap or ignore these; an operator's mistake is better said at start.
  const order: string[] = []
  if (e.HEADERS_TIMEOUT_MS > e.BODY_TIMEOUT_MS) {
    order.push('HEADERS_TIMEOUT_MS: must not exceed BODY_TIMEOUT_MS')
  }
  if (e.IDLE_TIMEOUT_MS <= e.REQUEST_TIMEOUT_MS) {
    order.push('IDLE_TIMEOUT_MS: must exceed REQUEST_TIMEOUT_MS, or slow answers are cut')
  }
  if (order.length > 0) throw new SettingsError(`Invalid settings: ${order.join('; ')}`)
  const region = REGION_DEFAULTS[e.GTI_REGION]
  const entityUrl = e.GTI_ENTITY_API_URL ?? region.entityUrl
  return {
    port: e.PORT,
    host: e.HOST,
    region: e.GTI_REGION,
    logLevel: e.LOG_LEVEL,
    gti: {
      detectionsUrl: e.GTI_DETECTIONS_API_URL ?? region.detectionsUrl,
      eventsUrl:
        e.GTI_EVENTS_API_URL === 'none' ? undefined : (e.GTI_EVENTS_API_URL ?? region.eventsUrl),
      entityUrl,
      entityV1Url: e.GTI_ENTITY_V1_API_URL ?? entityV1UrlFor(entityUrl),
      portalUrl: e.GTI_PORTAL_URL ?? region.portalUrl,
      eventsLookbackDays: e.GTI_EVENTS_LOOKBACK_DAYS,
      callTimeoutMs: e.GTI_CALL_TIMEOUT_MS,
      connectionsPerOrigin: e.GTI_CONNECTIONS_PER_ORIGIN,
      maxAnswerBytes: e.GTI_MAX_ANSWER_BYTES,
    },
    auth: {
      allowedJwksHosts: e.JWKS_ALLOWED_HOSTS,
      jwksUrl: e.JWKS_URL,
      publicUrl: e.RELAY_PUBLIC_URL,
      trustProxy: e.TRUST_PROXY,
    },
    tiles: { maxDetections: e.GTI_TILES_MAX_DETECTIONS },
    deliberate: {
      judgementValidDays: e.GTI_JUDGEMENT_VALID_DAYS,
      maxDetections: e.GTI_DELIBERATE_MAX_DETECTIONS,
    },
    server: {
      headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: e.BODY_TIMEOUT_MS,
      keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
      idleTimeoutMs: e.IDLE_TIMEOUT_MS,
      maxConnections: e.MAX_CONNECTIONS,
      lingerTimeoutMs: e.LINGER_TIMEOUT_MS,
      lingerMaxBytes: e.LINGER_MAX_BYTES,
    },
    answerCache: {
      ttlMs: e.ANSWER_CACHE_TTL_S * 1000,
      maxEntries: e.ANSWER_CACHE_MAX_ENTRIES,
      maxBytes: e.ANSWER_CACHE_MAX_BYTES,
    },
    redis:
      e.REDIS_URL === undefined
        ? undefined
        : {
            url: e.REDIS_URL,
            keyPrefix: e.REDIS_KEY_PREFIX,
            connectTimeoutMs: e.REDIS_CONNECT_TIMEOUT_MS,
            commandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
          },
    limits: {
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxObservables: e.MAX_OBSERVABLES,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      observeConcurrency: e.OBSERVE_CONCURRENCY,
      maxAnswerBytes: e.MAX_ANSWER_BYTES,
      maxRelationsPerSighting: e.MAX_RELATIONS_PER_SIGHTING,
      maxDetectionCallsPerObservable: e.MAX_DETECTION_CALLS_PER_OBSERVABLE,
      maxDetectionCallsPerRequest: e.MAX_DETECTION_CALLS_PER_REQUEST,
    },
  }
}

/** The names of every environment variable the relay reads (for docs checks and tools). */
export const SETTING_NAMES: readonly string[] = Object.keys(envSchema.shape)
