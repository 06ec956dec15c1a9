/**
 * The ThreatINSIGHT API client: the calls of the call table (`gti-calls.ts`),
 * each sent through the retry, deadline and coalescing layer
 * (`send-with-retries.ts`) one attempt at a time (`attempt.ts`).
 * @module
 */
import { setTimeout as delay } from 'node:timers/promises'
import type { Settings } from '../config/settings.ts'
import { createAttempt } from './attempt.ts'
import { createGtiEndpoints, GTI_CALLS, type GtiCall, type GtiCallInput } from './gti-calls.ts'
import type { DispatcherFactory } from './origin-dispatchers.ts'
import { createOriginDispatchers } from './origin-dispatchers.ts'
import type { RetryOptions } from './retry-policy.ts'
import { DEFAULT_RETRY } from './retry-policy.ts'
import type {
  DetectionEventsAnswer,
  DetectionsAnswer,
  DhcpAnswer,
  EventsQueryAnswer,
  FileAnswer,
  PdnsAnswer,
} from './schemas.ts'
import { type CallContext, createSend } from './send-with-retries.ts'
import { realTimer, type StartTimer } from './timer.ts'
import type { UpstreamGate } from './upstream-gate.ts'

export type { CallContext } from './send-with-retries.ts'

/** The body of an events query (`POST <events>/query`). */
export interface EventsQuery {
  /** IQL filter, e.g. `ip = '10.0.0.1'`. */
  query: string
  /** ISO-8601, inclusive. */
  startDate: string
  /** ISO-8601, exclusive. */
  endDate: string
  limit: number
}

/**
 * One page of a detections listing for the dashboard tiles: either the
 * detections created (or shared) in a window, or the active ones; muted
 * detections are asked away, rules included.
 */
export interface DetectionsListQuery {
  /** ISO-8601 `created_or_shared_start_date` (inclusive) and `_end_date` (exclusive). */
  createdOrShared?: { start: string; end: string }
  /** `status=active` */
  activeOnly?: boolean
  /** 1..1000 */
  limit: number
  offset: number
}

/** One page of {@link GtiClient.detectionsPage}. */
export interface DetectionsPageQuery {
  /** The observable's value (`indicator_value`). */
  value: string
  offset: number
  limit: number
}

/** What {@link GtiClient.resolveDetection} writes. */
export interface ResolveDetection {
  detectionUuid: string
  resolution: 'true_positive_mitigated' | 'true_positive_no_action' | 'false_positive'
  comment: string
}

/** The window and size of a passive DNS lookup (dates are days, `YYYY-MM-DD`, inclusive). */
export interface PdnsQuery {
  startDate: string
  endDate: string
  limit: number
}

/** One DHCP lookup target. */
export interface DhcpEntity {
  ip: string
  /** ISO-8601 time the address was seen. */
  event_time: string
}

/**
 * The ThreatINSIGHT calls. Answers may be shared between concurrent callers:
 * treat them as read-only. Every failure is a `GtiError`.
 */
export interface GtiClient {
  /** `GET <detections>/detections?indicator_value=<value>&status=active&include=indicators&include=rules` */
  detections(call: CallContext, value: string): Promise<DetectionsAnswer>
  /**
   * `GET <detections>/detections?[created_or_shared_start_date&_end_date | status=active]&muted=false&muted_rule=false&muted_device=false&include=rules&sort_by=first_seen&sort_order=desc&limit&offset`
   */
  listDetections(call: CallContext, query: DetectionsListQuery): Promise<DetectionsAnswer>
  /** `GET <detections>/events?detection_uuid=<uuid>` */
  detectionEvents(call: CallContext, detectionUuid: string): Promise<DetectionEventsAnswer>
  /** `POST <events>/query`. Rejects with a `TypeError` when {@link GtiClient.hasEvents} is false. */
  queryEvents(call: CallContext, query: EventsQuery): Promise<EventsQueryAnswer>
  /** Whether the region has an Events API. */
  readonly hasEvents: boolean
  /** `POST <entity>/entity/tracking/bulk/get/ip`; an empty list answers empty without a call. */
  dhcp(call: CallContext, entities: readonly DhcpEntity[]): Promise<DhcpAnswer>
  /**
   * One page of an observable's active detections with their indicators and rules:
   * `GET <detections>/detections?indicator_value=<value>&status=active&include=indicators&include=rules&limit=<limit>&offset=<offset>`.
   * Every caller pages the same way, so concurrent lookups of one observable share each page.
   */
  detectionsPage(call: CallContext, page: DetectionsPageQuery): Promise<DetectionsAnswer>
  /**
   * `PUT <detections>/detections/<uuid>/resolve` with `{resolution, resolution_comment}`;
   * ThreatINSIGHT answers an empty body on success.
   */
  resolveDetection(call: CallContext, resolve: ResolveDetection): Promise<void>
  /** `GET <entity-v1>/entity/<value>/pdns?start_date&end_date&limit` (observe v2 rule 7). */
  entityPdns(call: CallContext, value: string, query: PdnsQuery): Promise<PdnsAnswer>
  /** `GET <entity-v1>/entity/<hash>/file` (observe v2 rule 7); 404 when nothing is known. */
  entityFile(call: CallContext, hash: string): Promise<FileAnswer>
  /** A cheap authenticated call (`GET <detections>/detections?limit=1`) proving the key. */
  probe(call: CallContext): Promise<void>
  /** Any call of the call table, with the same timeouts, retries and coalescing. */
  request<T>(call: CallContext, spec: GtiCall<T>, input?: GtiCallInput): Promise<T>
  /** Closes the pools the client created; later calls throw. */
  close(): Promise<void>
}

/** Options of {@link createGtiClient}. */
export interface GtiClientOptions {
  settings: Settings['gti']
  /**
   * The dispatcher of an origin. Default: one keep-alive undici `Pool` per
   * origin with `settings.connectionsPerOrigin` sockets, closed by `close()`.
   * Injected dispatchers are not closed by the client.
   */
  dispatcherFor?: DispatcherFactory
  /** Time source for deadlines and Retry-After dates. Default `Date`. */
  clock?: { now(): number }
  /** Waits between retries; must reject when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  /** Starts the attempt and deadline timers. Default: `setTimeout`. */
  startTimer?: StartTimer
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number
  /** Default {@link DEFAULT_RETRY}: 2 retries, 100 ms base, 2000 ms ceiling. */
  retry?: Partial<RetryOptions>
  /**
   * Largest answer body read. Default `settings.maxAnswerBytes`, else
   * {@link DEFAULT_MAX_ANSWER_BYTES}; a larger answer is refused unparsed as malformed.
   */
  maxAnswerBytes?: number
  /** The relay version, sent as `User-Agent: gti-relay/<version>`. Default `dev`. */
  version?: string
  /** Per-key back-off after a 429 with `Retry-After`, shared across a fleet when Redis-backed. */
  gate?: UpstreamGate
}

/**
 * Default of {@link GtiClientOptions.maxAnswerBytes}: 8 MiB. The largest answer the relay asks
 * for (1000 events, or a page of 1000 detections) weighs about 1.5 MiB with the simulator's
 * biggest events; this leaves five times that for richer real ones, while a hostile answer is
 * refused before it is parsed (parsing 25 MB stalls the process for hundreds of ms).
 */
export const DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024

const defaultSleep = async (ms: number, signal: AbortSignal): Promise<void> => {
  await delay(ms, undefined, { signal })
}

function positive(name: string, value: number, integer = false): number {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new TypeError(`${name} must be a positive ${integer ? 'integer' : 'number'}`)
  }
  return value
}

/** The query for the active detections of an observable's value, with their indicators and rules. */
function activeDetectionsOf(value: string): [string, string][] {
  return [
    ['indicator_value', value],
    ['status', 'active'],
    ['include', 'indicators'],
    ['include', 'rules'],
  ]
}

/**
 * A ThreatINSIGHT client.
 *
 * @example
 * const gti = createGtiClient({ settings: settings.gti, version: '1.0.0' })
 * const answer = await gti.detections({ apiKey, deadlineMs: Date.now() + 5000 }, '10.0.0.1')
 */
export function createGtiClient(options: GtiClientOptions): GtiClient {
  const { settings } = options
  const callTimeoutMs = positive('settings.callTimeoutMs', settings.callTimeoutMs)
  const connections = positive('settings.connectionsPerOrigin', settings.connectionsPerOrigin, true)
  const maxAnswerBytes = positive(
    'maxAnswerBytes',
    options.maxAnswerBytes ?? settings.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
    true,
  )
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry }
  if (!Number.isInteger(retry.limit) || retry.limit < 0) {
    throw new TypeError('retry.limit must be a non-negative integer')
  }
  const clock = options.clock ?? Date
  const startTimer = options.startTimer ?? realTimer
  const dispatchers = createOriginDispatchers(connections, options.dispatcherFor)
  const endpoints = createGtiEndpoints(settings)
  const send = createSend({
    attempt: createAttempt({
      dispatchers,
      userAgent: `gti-relay/${options.version ?? 'dev'}`,
      maxAnswerBytes,
      clock,
      startTimer,
    }),
    callTimeoutMs,
    retry,
    clock,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    startTimer,
    ...(options.gate === undefined ? {} : { gate: options.gate }),
  })
  let closed = false

  async function request<T>(
    call: CallContext,
    spec: GtiCall<T>,
    input: GtiCallInput = {},
  ): Promise<T> {
    if (closed) throw new Error('The ThreatINSIGHT client is closed')
    return send(call, {
      method: spec.method,
      url: endpoints.address(spec, input),
      ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
      answer: spec.answer,
    })
  }

  return {
    hasEvents: endpoints.has('events'),
    request,
    detections(call, value) {
      return request(call, GTI_CALLS.detections, { query: activeDetectionsOf(value) })
    },
    async listDetections(call, { createdOrShared, activeOnly, limit, offset }) {
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw new TypeError('listDetections: limit must be a whole number from 1 to 1000')
      }
      const query: [string, string][] = []
      if (createdOrShared !== undefined) {
        query.push(['created_or_shared_start_date', createdOrShared.start])
        query.push(['created_or_shared_end_date', createdOrShared.end])
      }
      if (activeOnly === true) query.push(['status', 'active'])
      query.push(
        ['muted', 'false'],
        ['muted_rule', 'false'],
        ['muted_device', 'false'],
        ['include', 'rules'],
        // A fixed order keeps offset paging stable; newest first is what a capped read should keep.
        // The Detections API sorts by first_seen, last_seen, status, device_ip or indicator_count,
        // not by created: first_seen is the nearest to it, and a capped count is a lower bound anyway.
        ['sort_by', 'first_seen'],
        ['sort_order', 'desc'],
        ['limit', String(limit)],
        ['offset', String(offset)],
      )
      return request(call, GTI_CALLS.detections, { query })
    },
    detectionsPage(call, { value, offset, limit }) {
      return request(call, GTI_CALLS.detections, {
        query: [...activeDetectionsOf(value), ['limit', String(limit)], ['offset', String(offset)]],
      })
    },
    async resolveDetection(call, { detectionUuid, resolution, comment }) {
      await request(call, GTI_CALLS.resolveDetection, {
        params: { uuid: detectionUuid },
        body: { resolution, resolution_comment: comment },
      })
    },
    detectionEvents(call, detectionUuid) {
      return request(call, GTI_CALLS.detectionEvents, {
        query: [['detection_uuid', detectionUuid]],
      })
    },
    async queryEvents(call, { query, startDate, endDate, limit }) {
      if (!endpoints.has('events')) {
        throw new TypeError(
          'This ThreatINSIGHT region has no Events API (settings.gti.eventsUrl is not set); check hasEvents first',
        )
      }
      return request(call, GTI_CALLS.queryEvents, {
        body: { query, start_date: startDate, end_date: endDate, limit },
      })
    },
    async dhcp(call, entities) {
      if (entities.length === 0) return { entity_tracking_bulk_response: { dhcp: [] } }
      return request(call, GTI_CALLS.dhcp, {
        body: { entities: entities.map(({ ip, event_time }) => ({ ip, event_time })) },
      })
    },
    entityPdns(call, value, { startDate, endDate, limit }) {
      return request(call, GTI_CALLS.entityPdns, {
        params: { value },
        query: [
          ['start_date', startDate],
          ['end_date', endDate],
          ['limit', String(limit)],
        ],
      })
    },
    entityFile(call, hash) {
      return request(call, GTI_CALLS.entityFile, { params: { value: hash } })
    },
    async probe(call) {
      await request(call, GTI_CALLS.detections, { query: [['limit', '1']] })
    },
    async close() {
      closed = true
      await dispatchers.close()
    },
  }
}
