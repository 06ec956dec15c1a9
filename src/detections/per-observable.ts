/**
 * Running one piece of work per observable of a request: concurrently
 * (bounded), under one deadline after which whatever is complete is kept.
 * @module
 */
import { setMaxListeners } from 'node:events'
import pLimit from 'p-limit'
import { RelayError } from '../errors/relay-error.ts'
import type { Observable } from '../observables/observable.ts'
import { observableLabel } from './lookup-warnings.ts'

/** The abort signal and deadline every upstream call of the request shares. */
export interface RequestBudget {
  signal: AbortSignal
  deadlineMs: number
}

/** How a request's observables are run. */
export interface PerObservableOptions {
  /** Observables in flight at once. */
  concurrency: number
  /** Budget of the whole request. */
  timeoutMs: number
  now: () => number
  /** Aborts everything (the client went away). */
  signal?: AbortSignal | undefined
}

/** What became of one observable: its result, or the error that replaces it. */
export type PerObservable<T> = { ok: true; value: T } | { ok: false; error: RelayError }

/**
 * Run `work` for each observable; results in request order. An observable not
 * done by the deadline gets a `gateway timeout` warning, one whose work threw
 * an `internal error` warning.
 */
export async function runPerObservable<T>(
  observables: readonly Observable[],
  options: PerObservableOptions,
  work: (observable: Observable, budget: RequestBudget) => Promise<T>,
): Promise<PerObservable<T>[]> {
  const deadlineMs = options.now() + options.timeoutMs
  const abort = new AbortController()
  // Every upstream call listens on this one signal; a wide request is not a leak.
  setMaxListeners(0, abort.signal)
  const onOuterAbort = () => abort.abort(options.signal?.reason)
  options.signal?.addEventListener('abort', onOuterAbort, { once: true })
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), options.timeoutMs)
    timer.unref?.()
  })
  const limit = observables.length > options.concurrency ? pLimit(options.concurrency) : undefined
  const results: (PerObservable<T> | undefined)[] = new Array(observables.length)
  const budget: RequestBudget = { signal: abort.signal, deadlineMs }
  // Set at the deadline: results that come later are dropped, the answer is what was complete.
  let closed = false
  const runs = observables.map((observable, index) => {
    const task = async () => {
      if (abort.signal.aborted) return
      try {
        const value = await work(observable, budget)
        if (!closed) results[index] = { ok: true, value }
      } catch (error) {
        if (closed) return
        results[index] = {
          ok: false,
          error: new RelayError(
            'internal error',
            `The lookup of ${observableLabel(observable)} failed unexpectedly.`,
            { cause: error },
          ),
        }
      }
    }
    return limit === undefined ? task() : limit(task)
  })
  const winner = await Promise.race([Promise.all(runs), timedOut])
  closed = true
  clearTimeout(timer)
  options.signal?.removeEventListener('abort', onOuterAbort)
  limit?.clearQueue()
  if (winner === 'timed out') abort.abort(new Error('relay request deadline reached'))
  return observables.map((observable, index) => {
    const result = results[index]
    return (
      result ?? {
        ok: false,
        error: new RelayError(
          'gateway timeout',
          `ThreatINSIGHT did not answer for ${observableLabel(observable)} within the relay's ${options.timeoutMs} ms budget; its data is missing.`,
        ),
      }
    )
  })
}
