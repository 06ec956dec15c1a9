/**
 * The ThreatINSIGHT API client: the four calls observe makes plus a probe,
 * each with a timeout, a deadline, retries, a capped and validated answer,
 * and coalescing of identical concurrent requests.
 * @module
 */
import { EventEmitter } from 'node:events'
import { setTimeout as delay } from 'node:timers/promises'
import type { Dispatcher } from 'undici'
import type { z } from 'zod'
import { entityV1UrlFor, type Settings } from '../config/settings.ts'
import type { CallTarget, TimeLimit } from './classify-failure.ts'
import {
  abortedError,
  errorForStatus,
  errorForTransport,
  malformedError,
  timeoutError,
} from './classify-failure.ts'
import { createCoalescer } from './coalescer.ts'
import { GtiError } from './gti-error.ts'
import type { DispatcherFactory } from './origin-dispatchers.ts'
import { createOriginDispatchers } from './origin-dispatchers.ts'
import { parseAnswer, readCappedBody, TOO_LARGE } from './read-answer.ts'
import type { RetryOptions } from './retry-policy.ts'
import { backoffDelayMs, DEFAULT_RETRY, isRetryable, parseRetryAfterMs } from './retry-policy.ts'
import type {
  DetectionEventsAnswer,
  DetectionsAnswer,
  DhcpAnswer,
  EventsQueryAnswer,
  FileAnswer,
  PdnsAnswer,
} from './schemas.ts'
import {
  DetectionEventsAnswerSchema,
  DetectionsAnswerSchema,
  DhcpAnswerSchema,
  EventsQueryAnswerSchema,
  FileAnswerSchema,
  PdnsAnswerSchema,
} from './schemas.ts'

/** Who is calling and until when. */
export interface CallContext {
  /** The caller's ThreatINSIGHT API key (sent as `Authorization: IBToken <key>`). */
  apiKey: string
  /** Stops waiting when aborted. */
  signal?: AbortSignal
  /** Epoch ms; no request, retry or wait goes past it. */
  deadlineMs?: number
}

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
  /** `GET <detections>/events?detection_uuid=<uuid>` */
  detectionEvents(call: CallContext, detectionUuid: string): Promise<DetectionEventsAnswer>
  /** `POST <events>/query`. Rejects with a `TypeError` when {@link GtiClient.hasEvents} is false. */
  queryEvents(call: CallContext, query: EventsQuery): Promise<EventsQueryAnswer>
  /** Whether the region has an Events API. */
  readonly hasEvents: boolean
  /** `POST <entity>/entity/tracking/bulk/get/ip`; an empty list answers empty without a call. */
  dhcp(call: CallContext, entities: readonly DhcpEntity[]): Promise<DhcpAnswer>
  /** `GET <entity-v1>/entity/<value>/pdns?start_date&end_date&limit` (observe v2 rule 7). */
  entityPdns(call: CallContext, value: string, query: PdnsQuery): Promise<PdnsAnswer>
  /** `GET <entity-v1>/entity/<hash>/file` (observe v2 rule 7); 404 when nothing is known. */
  entityFile(call: CallContext, hash: string): Promise<FileAnswer>
  /** A cheap authenticated call (`GET <detections>/detections?limit=1`) proving the key. */
  probe(call: CallContext): Promise<void>
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
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number
  /** Default {@link DEFAULT_RETRY}: 2 retries, 100 ms base, 2000 ms ceiling. */
  retry?: Partial<RetryOptions>
  /** Largest answer body read. Default 32 MiB; larger answers are malformed. */
  maxAnswerBytes?: number
  /** The relay version, sent as `User-Agent: gti-relay/<version>`. Default `dev`. */
  version?: string
}

/** Default of {@link GtiClientOptions.maxAnswerBytes}. */
export const DEFAULT_MAX_ANSWER_BYTES = 32 * 1024 * 1024

// Enough for an `{error: {message}}` body; the rest of an error body is dropped.
const ERROR_BODY_CAP = 64 * 1024

// Printable ASCII only: anything else cannot go into a header (or is not a real key).
const HEADER_SAFE_KEY = /^[\x21-\x7e]+$/

/** Where a request goes, worked out once per path (see `endpoint` in the client). */
interface Address {
  origin: string
  /** Path and query, as sent. */
  path: string
  href: string
}

interface UpstreamRequest<T> {
  method: 'GET' | 'POST'
  url: Address
  body?: string
  schema: z.ZodType<T>
}

type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: GtiError; retryAfterMs?: number | undefined }

interface Progress {
  attempts: number
  deadlineMs: number | undefined
}

/**
 * Aborts one attempt. undici takes an EventEmitter with `aborted` and `reason`
 * as a signal; it costs far less than an AbortController, and every upstream
 * attempt needs one.
 */
class AttemptSignal extends EventEmitter {
  aborted = false
  reason: unknown = undefined

  abort(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    this.emit('abort')
  }
}

const defaultSleep = async (ms: number, signal: AbortSignal): Promise<void> => {
  await delay(ms, undefined, { signal })
}

function baseUrl(value: string): string {
  return value.endsWith('/') ? value : `${value}/`
}

function withQuery(address: Address, query: [string, string][] | undefined): Address {
  const search = query === undefined ? '' : new URLSearchParams(query).toString()
  if (search === '') return address
  // URLSearchParams output has nothing the URL query setter would encode again.
  return {
    origin: address.origin,
    path: `${address.path}?${search}`,
    href: `${address.href}?${search}`,
  }
}

function positive(name: string, value: number, integer = false): number {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new TypeError(`${name} must be a positive ${integer ? 'integer' : 'number'}`)
  }
  return value
}

/**
 * A ThreatINSIGHT client.
 *
 * Identical requests (same key, method, URL and body) in flight at the same
 * time are sent once. The shared request runs on the budget of the caller that
 * started it; a later caller with an earlier deadline stops waiting at its own
 * deadline, and a caller that aborts leaves without cancelling it for others.
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
    options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
    true,
  )
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry }
  if (!Number.isInteger(retry.limit) || retry.limit < 0) {
    throw new TypeError('retry.limit must be a non-negative integer')
  }
  const clock = options.clock ?? Date
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  const userAgent = `gti-relay/${options.version ?? 'dev'}`
  const dispatchers = createOriginDispatchers(connections, options.dispatcherFor)
  const coalescer = createCoalescer()
  const detectionsBase = baseUrl(settings.detectionsUrl)
  const eventsBase = settings.eventsUrl === undefined ? undefined : baseUrl(settings.eventsUrl)
  const entityBase = baseUrl(settings.entityUrl)
  const entityV1Base = baseUrl(settings.entityV1Url ?? entityV1UrlFor(settings.entityUrl))
  // Entity v1 paths hold the value, so they are resolved per call rather than kept in `addresses`.
  const entityV1 = (value: string, what: string, query?: [string, string][]): Address => {
    const url = new URL(`entity/${encodeURIComponent(value)}/${what}`, entityV1Base)
    return withQuery({ origin: url.origin, path: url.pathname, href: url.href }, query)
  }
  // The paths are fixed, so each is resolved against its base once instead of per call.
  const addresses = new Map<string, Address>()
  const endpoint = (base: string, path: string, query?: [string, string][]): Address => {
    const key = `${base}\n${path}`
    let address = addresses.get(key)
    if (address === undefined) {
      const url = new URL(path, base)
      address = { origin: url.origin, path: url.pathname, href: url.href }
      addresses.set(key, address)
    }
    return withQuery(address, query)
  }
  let closed = false

  async function readOutcome<T>(
    request: UpstreamRequest<T>,
    target: CallTarget,
    response: Dispatcher.ResponseData,
    attempt: number,
    apiKey: string,
  ): Promise<Outcome<T>> {
    const { statusCode, headers, body } = response
    if (statusCode >= 200 && statusCode < 300) {
      const tooLarge = `is larger than ${maxAnswerBytes} bytes`
      if (Number(headers['content-length']) > maxAnswerBytes) {
        body.destroy()
        return { ok: false, error: malformedError(target, tooLarge, attempt, statusCode) }
      }
      const raw = await readCappedBody(body, maxAnswerBytes)
      if (raw === TOO_LARGE) {
        return { ok: false, error: malformedError(target, tooLarge, attempt, statusCode) }
      }
      const parsed = parseAnswer(raw, request.schema)
      if (parsed.ok) return { ok: true, value: parsed.value }
      return {
        ok: false,
        error: malformedError(target, parsed.reason, attempt, statusCode, parsed.cause),
      }
    }
    let raw: Buffer | undefined
    try {
      const read = await readCappedBody(body, ERROR_BODY_CAP)
      raw = read === TOO_LARGE ? undefined : read
    } catch {
      // The status alone says what happened; a broken error body changes nothing.
      raw = undefined
    }
    return {
      ok: false,
      error: errorForStatus(target, statusCode, raw, attempt, apiKey),
      retryAfterMs: parseRetryAfterMs(headers['retry-after'], clock.now()),
    }
  }

  async function attemptOnce<T>(
    request: UpstreamRequest<T>,
    target: CallTarget,
    apiKey: string,
    budgetMs: number,
    limit: TimeLimit,
    signal: AbortSignal,
    attempt: number,
  ): Promise<Outcome<T>> {
    const attemptSignal = new AttemptSignal()
    const forward = (): void => attemptSignal.abort(signal.reason)
    signal.addEventListener('abort', forward, { once: true })
    let timedOut = false
    // undici's timeouts bound the wait for headers and between body chunks; this one bounds the whole.
    const timer = setTimeout(() => {
      timedOut = true
      attemptSignal.abort(new DOMException('The upstream call timed out', 'TimeoutError'))
    }, budgetMs)
    const headers: Record<string, string> = {
      authorization: `IBToken ${apiKey}`,
      accept: 'application/json',
      'user-agent': userAgent,
    }
    if (request.body !== undefined) headers['content-type'] = 'application/json'
    try {
      const response = await dispatchers.for(request.url.origin).request({
        origin: request.url.origin,
        path: request.url.path,
        method: request.method,
        headers,
        body: request.body ?? null,
        signal: attemptSignal,
        headersTimeout: budgetMs,
        bodyTimeout: budgetMs,
      })
      return await readOutcome(request, target, response, attempt, apiKey)
    } catch (cause) {
      if (timedOut) return { ok: false, error: timeoutError(target, attempt, limit) }
      if (signal.aborted) return { ok: false, error: abortedError(target, attempt, signal.reason) }
      return { ok: false, error: errorForTransport(target, cause, attempt, limit) }
    } finally {
      clearTimeout(timer)
      signal.removeEventListener('abort', forward)
    }
  }

  async function execute<T>(
    request: UpstreamRequest<T>,
    apiKey: string,
    signal: AbortSignal,
    progress: Progress,
  ): Promise<T> {
    const target = { method: request.method, url: request.url.href }
    const { deadlineMs } = progress
    for (let attempt = 1; ; attempt += 1) {
      if (signal.aborted) throw abortedError(target, attempt - 1, signal.reason)
      const leftMs = deadlineMs === undefined ? Number.POSITIVE_INFINITY : deadlineMs - clock.now()
      if (leftMs <= 0) throw timeoutError(target, attempt - 1, 'deadline')
      const limit: TimeLimit = leftMs < callTimeoutMs ? 'deadline' : callTimeoutMs
      const budgetMs = Math.ceil(Math.min(callTimeoutMs, leftMs))
      progress.attempts = attempt
      const outcome = await attemptOnce(request, target, apiKey, budgetMs, limit, signal, attempt)
      if (outcome.ok) return outcome.value
      const { error, retryAfterMs } = outcome
      if (attempt > retry.limit || !isRetryable(error)) throw error
      let waitMs = backoffDelayMs(attempt, retry, random)
      if (retryAfterMs !== undefined) {
        if (retryAfterMs > retry.maxRetryAfterMs) throw error
        waitMs = retryAfterMs
      }
      // Waiting past the deadline only to time out would hide the real failure.
      if (deadlineMs !== undefined && clock.now() + waitMs >= deadlineMs) throw error
      try {
        await sleep(waitMs, signal)
      } catch (cause) {
        throw abortedError(target, attempt, signal.aborted ? signal.reason : cause)
      }
    }
  }

  async function send<T>(call: CallContext, request: UpstreamRequest<T>): Promise<T> {
    if (closed) throw new Error('The ThreatINSIGHT client is closed')
    const target = { method: request.method, url: request.url.href }
    if (!HEADER_SAFE_KEY.test(call.apiKey)) {
      throw new GtiError(
        'Authorization failed: the API key is empty or has characters an HTTP header cannot carry',
        { kind: 'authentication', method: target.method, url: target.url, attempts: 0 },
      )
    }
    const { signal, deadlineMs } = call
    if (signal?.aborted === true) throw abortedError(target, 0, signal.reason)
    if (deadlineMs !== undefined && deadlineMs <= clock.now()) {
      throw timeoutError(target, 0, 'deadline')
    }
    // The key leads so requests of different keys never meet; it cannot contain the newline
    // (HEADER_SAFE_KEY). The map is private to this client and never logged.
    const coalescingKey = `${call.apiKey}\n${request.method}\n${target.url}\n${request.body ?? ''}`
    const joined = coalescer.join(coalescingKey, (sharedSignal) => {
      const progress: Progress = { attempts: 0, deadlineMs }
      return { state: progress, promise: execute(request, call.apiKey, sharedSignal, progress) }
    })
    const progress = joined.state
    const onAbort =
      signal === undefined
        ? undefined
        : (): void => joined.leave(abortedError(target, progress.attempts, signal.reason))
    if (onAbort !== undefined) signal?.addEventListener('abort', onAbort, { once: true })
    let timer: NodeJS.Timeout | undefined
    // The shared request stops at its starter's deadline; a joiner may need to stop sooner.
    if (
      deadlineMs !== undefined &&
      (progress.deadlineMs === undefined || deadlineMs < progress.deadlineMs)
    ) {
      timer = setTimeout(
        () => joined.leave(timeoutError(target, progress.attempts, 'deadline')),
        Math.max(0, deadlineMs - clock.now()),
      )
    }
    try {
      return await joined.promise
    } finally {
      if (timer !== undefined) clearTimeout(timer)
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort)
    }
  }

  return {
    hasEvents: eventsBase !== undefined,
    detections(call, value) {
      const url = endpoint(detectionsBase, 'detections', [
        ['indicator_value', value],
        ['status', 'active'],
        ['include', 'indicators'],
        ['include', 'rules'],
      ])
      return send(call, { method: 'GET', url, schema: DetectionsAnswerSchema })
    },
    detectionEvents(call, detectionUuid) {
      const url = endpoint(detectionsBase, 'events', [['detection_uuid', detectionUuid]])
      return send(call, { method: 'GET', url, schema: DetectionEventsAnswerSchema })
    },
    async queryEvents(call, { query, startDate, endDate, limit }) {
      if (eventsBase === undefined) {
        throw new TypeError(
          'This ThreatINSIGHT region has no Events API (settings.gti.eventsUrl is not set); check hasEvents first',
        )
      }
      const body = JSON.stringify({ query, start_date: startDate, end_date: endDate, limit })
      const url = endpoint(eventsBase, 'query')
      return send(call, { method: 'POST', url, body, schema: EventsQueryAnswerSchema })
    },
    async dhcp(call, entities) {
      if (entities.length === 0) return { entity_tracking_bulk_response: { dhcp: [] } }
      const body = JSON.stringify({
        entities: entities.map(({ ip, event_time }) => ({ ip, event_time })),
      })
      const url = endpoint(entityBase, 'entity/tracking/bulk/get/ip')
      return send(call, { method: 'POST', url, body, schema: DhcpAnswerSchema })
    },
    entityPdns(call, value, { startDate, endDate, limit }) {
      const url = entityV1(value, 'pdns', [
        ['start_date', startDate],
        ['end_date', endDate],
        ['limit', String(limit)],
      ])
      return send(call, { method: 'GET', url, schema: PdnsAnswerSchema })
    },
    entityFile(call, hash) {
      return send(call, { method: 'GET', url: entityV1(hash, 'file'), schema: FileAnswerSchema })
    },
    async probe(call) {
      const url = endpoint(detectionsBase, 'detections', [['limit', '1']])
      await send(call, { method: 'GET', url, schema: DetectionsAnswerSchema })
    },
    async close() {
      closed = true
      await dispatchers.close()
    },
  }
}
