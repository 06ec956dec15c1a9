/**
 * One observe request: every observable looked up concurrently (bounded),
 * each mapped to CTIM as soon as it is done, the bundle assembled in request
 * order, and a deadline after which whatever is complete is answered.
 * @module
 */
import { setMaxListeners } from 'node:events'
import pLimit from 'p-limit'
import { buildBundle, type MappedObservable, mapFindings, type ObserveData } from '../ctim/index.ts'
import { RelayError } from '../errors/relay-error.ts'
import type { Observable } from '../observables/observable.ts'
import { quoteValue } from '../observables/quote-value.ts'
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
  /** Observables of one request in flight at once. */
  concurrency: number
  /** Budget of the whole request. */
  timeoutMs: number
  now: () => number
  newId: () => string
}

/** The CTIM bundle and the errors to put beside it (the envelope decides fatal or warning). */
export interface ObserveResult {
  data: ObserveData
  errors: RelayError[]
}

/** One observable's share of an answer: its entities (absent when its lookup failed) and errors. */
export interface ObservePart {
  data?: MappedObservable
  errors: RelayError[]
}

const TIMED_OUT = Symbol('timed out')

/** Each error once (same code and message), in order. */
export function dedupe(errors: readonly RelayError[]): RelayError[] {
  const seen = new Set<string>()
  return errors.filter((error) => {
    const key = `${error.code}\u0000${error.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
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
  const data = buildBundle(parts.flatMap((part) => (part.data === undefined ? [] : [part.data])))
  return { data, errors: dedupe(parts.flatMap((part) => part.errors)) }
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
  // Filled in as each observable finishes, so a deadline keeps what is complete.
  const mapped: (MappedObservable | undefined)[] = new Array(request.observables.length)
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
        })
        if (closed) return
        if (outcome.findings !== undefined) {
          mapped[index] = mapFindings(outcome.findings, {
            portalUrl: deps.portalUrl,
            newId: deps.newId,
          })
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

  return request.observables.map((observable, index): ObservePart => {
    const outcome = outcomes[index]
    const data = mapped[index]
    if (outcome !== undefined)
      return data === undefined ? { errors: outcome.errors } : { data, errors: outcome.errors }
    return {
      errors: [
        new RelayError(
          'gateway timeout',
          `ThreatINSIGHT did not answer for ${observable.type} ${quoteValue(observable.value)} within the relay's ${deps.timeoutMs} ms budget; its data is missing.`,
        ),
      ],
    }
  })
}
