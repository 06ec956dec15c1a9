/**
 * One observe request: every observable looked up concurrently (bounded),
 * each mapped to CTIM as soon as it is done, the bundle assembled in request
 * order, and a deadline after which whatever is complete is answered.
 * @module
 */
import { setMaxListeners } from 'node:events'
import pLimit from 'p-limit'
import { buildBundle, type MappedObservable, mapFindings } from '../ctim/index.ts'
import type { ObservableJudgements } from '../deliberate/types.ts'
import { dedupeErrors } from '../errors/dedupe-errors.ts'
import { RelayError } from '../errors/relay-error.ts'
import type { Observable } from '../observables/observable.ts'
import { quoteValue } from '../observables/quote-value.ts'
import { createAnswerBudget } from './answer-budget.ts'
import type { EventsGate } from './events-availability.ts'
import { addJudgements, type ObserveAnswerData } from './observe-judgements.ts'
import { type ObservableOutcome, observeOne } from './observe-one.ts'
import type { ObserveUpstream } from './upstream.ts'

/** Inputs of one observe request, after authentication and payload checks. */
export interface ObserveRequest {
  observables: readonly Observable[]
  apiKey: string
  limit: number
  allowTestAccounts: boolean
}

/** Relay-wide dependencies and settings of observe. */
export interface ObserveDeps {
  upstream: ObserveUpstream
  portalUrl: string
  lookbackDays: number
  /** `GTI_JUDGEMENT_VALID_DAYS`. */
  judgementValidDays: number
  /** `GTI_DELIBERATE_MAX_DETECTIONS`. */
  maxDetections: number
  /** Observables of one request in flight at once. */
  concurrency: number
  /** Budget of the whole request. */
  timeoutMs: number
  /** Bytes of the serialised answer, envelope and errors included. */
  maxAnswerBytes: number
  /** Relations kept per sighting. */
  maxRelationsPerSighting: number
  /** Detection events calls per observable (the entities limit may lower it). */
  maxDetectionCallsPerObservable: number
  /** Detection events calls per request, all observables together. */
  maxDetectionCallsPerRequest: number
  now: () => number
  newId: () => string
  /** The Events API's availability (v2 rule 3); absent means always asked. */
  eventsGate?: EventsGate | undefined
  /** Told once of each unexpected failure (its cause, with the stack), for the error log. */
  onUnexpected?: (cause: unknown, message: string) => void
}

/** The CTIM bundle and the errors to put beside it (the envelope decides fatal or warning). */
export interface ObserveResult {
  data: ObserveAnswerData
  errors: RelayError[]
}

/** One observable's share of an answer: its entities (absent when its lookup failed) and errors. */
export interface ObservePart {
  data?: MappedObservable
  /** Its judgements and verdict, as deliberate gives them (absent when its lookup failed). */
  judgements?: ObservableJudgements
  errors: RelayError[]
  /** False when the byte budget of this request cut it: another request would answer more. */
  cacheable?: boolean
}

const TIMED_OUT = Symbol('timed out')
/** Room kept for the envelope and the errors beside the data (at most 1 MiB). */
const ENVELOPE_RESERVE_BYTES = 1024 * 1024

function limitReached(message: string): RelayError {
  return new RelayError('limit reached', message)
}

/** Answer an observe request: data for what succeeded, an error for each failure. */
export async function observeRequest(
  request: ObserveRequest,
  deps: ObserveDeps,
  signal?: AbortSignal,
): Promise<ObserveResult> {
  return assembleObserve(await observeParts(request, deps, signal))
}

/** The answer made of parts in request order (cached or fresh): one bundle, errors once each. */
export function assembleObserve(parts: readonly ObservePart[]): ObserveResult {
  const answered = parts.filter((part) => part.data !== undefined)
  const data = addJudgements(
    buildBundle(answered.flatMap((part) => (part.data === undefined ? [] : [part.data]))),
    answered.flatMap((part) => (part.judgements === undefined ? [] : [part.judgements])),
  )
  return { data, errors: dedupeErrors(parts.flatMap((part) => part.errors)) }
}

/**
 * Each observable's part of an observe request, in request order. An observable
 * the deadline cut off has no data and a `gateway timeout` error.
 */
export async function observeParts(
  request: ObserveRequest,
  deps: ObserveDeps,
  signal?: AbortSignal,
): Promise<ObservePart[]> {
  const startedMs = deps.now()
  const deadlineMs = startedMs + deps.timeoutMs
  const abort = new AbortController()
  // Every upstream call in flight listens on this one signal (and removes its listener when done),
  // so a wide request is not a leak; without this Node prints a leak warning past 10 calls.
  setMaxListeners(0, abort.signal)
  const onOuterAbort = () => abort.abort(signal?.reason)
  signal?.addEventListener('abort', onOuterAbort, { once: true })
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => {
      abort.abort(new Error('observe deadline reached'))
      resolve(TIMED_OUT)
    }, deps.timeoutMs)
    timer.unref?.()
  })

  // A request within the bound (one observable, most often) needs no queue.
  const limit = request.observables.length > deps.concurrency ? pLimit(deps.concurrency) : undefined
  const schedule = <T>(task: () => Promise<T>): Promise<T> =>
    limit === undefined ? task() : limit(task)
  const call = { apiKey: request.apiKey, signal: abort.signal, deadlineMs }
  const requestCalls = { left: deps.maxDetectionCallsPerRequest }
  // Filled in as each observable finishes, so a deadline keeps what is complete.
  const mapped: (MappedObservable | undefined)[] = new Array(request.observables.length)
  const budget = createAnswerBudget(
    deps.maxAnswerBytes - Math.min(ENVELOPE_RESERVE_BYTES, Math.floor(deps.maxAnswerBytes / 4)),
  )
  const limitErrors: RelayError[][] = new Array(request.observables.length)
  const cutByBudget: boolean[] = new Array(request.observables.length).fill(false)
  const outcomes: (ObservableOutcome | undefined)[] = new Array(request.observables.length)
  let closed = false
  const runs = request.observables.map((observable, index) =>
    schedule(async () => {
      if (abort.signal.aborted) return
      try {
        const outcome = await observeOne(observable, {
          upstream: deps.upstream,
          call,
          limit: request.limit,
          allowTestAccounts: request.allowTestAccounts,
          lookbackDays: deps.lookbackDays,
          nowMs: startedMs,
          maxDetections: deps.maxDetections,
          judgement: { portalUrl: deps.portalUrl, validDays: deps.judgementValidDays },
          eventsGate: deps.eventsGate,
          maxDetectionCalls: deps.maxDetectionCallsPerObservable,
          requestCalls,
        })
        if (closed) return
        if (outcome.findings !== undefined) {
          const fitted = budget.fit(
            mapFindings(outcome.findings, {
              portalUrl: deps.portalUrl,
              newId: deps.newId,
              maxRelationsPerSighting: deps.maxRelationsPerSighting,
            }),
          )
          mapped[index] = fitted.part
          if (fitted.dropped > 0) cutByBudget[index] = true
          limitErrors[index] = cutWarnings(
            observable,
            fitted.part.relationsCut,
            fitted.dropped,
            deps,
          )
        }
        outcomes[index] = outcome
      } catch (error) {
        outcomes[index] = {
          errors: [
            new RelayError(
              'internal error',
              `The lookup of ${observable.type} ${quoteValue(observable.value)} failed unexpectedly.`,
              { cause: error },
            ),
          ],
        }
      }
    }),
  )

  const winner = await Promise.race([Promise.all(runs), timedOut])
  closed = true
  clearTimeout(timer)
  signal?.removeEventListener('abort', onOuterAbort)
  limit?.clearQueue()
  if (winner === TIMED_OUT) abort.abort(new Error('observe deadline reached'))

  const parts = request.observables.map((observable, index): ObservePart => {
    const outcome = outcomes[index]
    const data = mapped[index]
    if (outcome !== undefined) {
      const errors = [...outcome.errors, ...(limitErrors[index] ?? [])]
      if (data === undefined) return { errors }
      if (cutByBudget[index] === true) {
        return outcome.judgements === undefined
          ? { data, errors, cacheable: false }
          : { data, judgements: outcome.judgements, errors, cacheable: false }
      }
      return outcome.judgements === undefined
        ? { data, errors }
        : { data, judgements: outcome.judgements, errors }
    }
    return {
      errors: [
        new RelayError(
          'gateway timeout',
          `ThreatINSIGHT did not answer for ${observable.type} ${quoteValue(observable.value)} within the relay's ${deps.timeoutMs} ms budget; its data is missing.`,
        ),
      ],
    }
  })
  for (const part of parts) {
    for (const error of part.errors) {
      if (error.code === 'internal error') deps.onUnexpected?.(error.cause ?? error, error.message)
    }
  }
  return parts
}

function cutWarnings(
  observable: Observable,
  relationsCut: number | undefined,
  dropped: number,
  deps: ObserveDeps,
): RelayError[] {
  const label = `${observable.type} ${quoteValue(observable.value)}`
  const warnings: RelayError[] = []
  if (relationsCut !== undefined) {
    warnings.push(
      limitReached(
        `${label}: ${relationsCut} sighting(s) had more relations than MAX_RELATIONS_PER_SIGHTING (${deps.maxRelationsPerSighting}); the first ${deps.maxRelationsPerSighting} relations of each are shown.`,
      ),
    )
  }
  if (dropped > 0) {
    warnings.push(
      limitReached(
        `${label}: ${dropped} sighting(s) were left out because the answer reached MAX_ANSWER_BYTES (${deps.maxAnswerBytes} bytes).`,
      ),
    )
  }
  return warnings
}
