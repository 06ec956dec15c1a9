/**
 * The answer cache: observe, deliberate and respond-listing answers kept per
 * (API key hash, claims that change the answer, observable), so a request
 * looks up only the observables no earlier answer covers. The route wraps its
 * workflow call in {@link AnswerCache.parts}; a respond trigger calls
 * {@link AnswerCache.invalidate}.
 * @module
 */
import { randomUUID } from 'node:crypto'
import { type Cache, cacheKey } from '../cache/index.ts'
import type { Observable } from '../observables/observable.ts'
import type { AnswerPart } from './answer-part.ts'
import { isCacheable, type StoredPart, storePart, unstorePart } from './stored-part.ts'

/** Who asks, with what claims: everything besides the observable that changes the answer. */
export interface AnswerRequest {
  /** What is cached, e.g. `observe`; parts of different scopes never meet. */
  scope: string
  apiKey: string
  allowTestAccounts: boolean
  /** Other claims the answer depends on, in a stable text form (e.g. `limit=100`). */
  variant: string
  observables: readonly Observable[]
}

/**
 * Looks up some observables; answers one part per observable, in their order. `signal`
 * aborts when every request waiting for this lookup has gone (a shared lookup outlives one).
 */
export type PartsLookup<P> = (
  observables: readonly Observable[],
  signal: AbortSignal,
) => Promise<AnswerPart<P>[]>

/** The answer cache of one relay process (its storage may be shared by a fleet). */
export interface AnswerCache {
  /** False when `ANSWER_CACHE_TTL_S` is 0: {@link AnswerCache.parts} is then the lookup itself. */
  readonly enabled: boolean
  /**
   * Parts of `request.observables` in order: cached where they are, looked up (once) where not.
   * When `signal` aborts (the client hung up), the lookups it waits for stop unless another
   * request still waits for them.
   */
  parts<P>(
    request: AnswerRequest,
    lookup: PartsLookup<P>,
    signal?: AbortSignal,
  ): Promise<AnswerPart<P>[]>
  /** Cached parts of `observable` (every key, scope and claim) are no longer served. */
  invalidate(observable: Observable): Promise<void>
}

/** Where {@link createAnswerCache} keeps things. */
export interface AnswerCacheOptions {
  /** The parts, as stored values. */
  parts: Cache<StoredPart>
  /** A token per observable, changed by each invalidation; a part remembers the one it saw. */
  generations: Cache<string>
  /** How long a part is served; 0 turns the cache off. */
  ttlMs: number
}

const observableKey = (observable: Observable) => `${observable.type}:${observable.value}`
const generationKey = (observable: Observable) => `gen|${observableKey(observable)}`

/** One lookup of missing parts, and how many requests still wait for it. */
interface LookupRun {
  controller: AbortController
  waiters: number
  done: boolean
}

/** A part being looked up, and the lookup that makes it. */
interface Flight {
  part: Promise<AnswerPart<unknown>>
  run: LookupRun
}

/**
 * The runs one request waits for. A request counts on a run from the moment it joins it until it
 * leaves (it hung up, or it is done); a run nobody waits for any more, and that is not finished,
 * is aborted.
 */
class Waiting {
  readonly #runs = new Set<LookupRun>()
  #left = false

  join(run: LookupRun): void {
    if (this.#left || this.#runs.has(run)) return
    this.#runs.add(run)
    run.waiters += 1
  }

  leave(reason?: unknown): void {
    if (this.#left) return
    this.#left = true
    for (const run of this.#runs) {
      run.waiters -= 1
      if (run.waiters === 0 && !run.done) run.controller.abort(reason)
    }
  }
}

/** A flight another request may still join: not from a lookup that was aborted. */
function joinable(flight: Flight | undefined): flight is Flight {
  return flight !== undefined && !flight.run.controller.signal.aborted
}

/** The longest an answer waits for its part to be stored. */
const STORE_WAIT_MS = 100

/** Settles when `work` does or after `ms`, whichever comes first; `work` carries on either way. */
function waitAtMost(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
  })
  return Promise.race([work, elapsed]).finally(() => clearTimeout(timer))
}

/** The answer cache over the given stores. */
export function createAnswerCache(options: AnswerCacheOptions): AnswerCache {
  const { ttlMs } = options
  // Parts being looked up in this process, by cache key: a concurrent request waits for them.
  const inFlight = new Map<string, Flight>()

  const generationOf = async (observable: Observable): Promise<string> =>
    (await options.generations.get(generationKey(observable))) ?? ''

  async function parts<P>(
    request: AnswerRequest,
    lookup: PartsLookup<P>,
    signal?: AbortSignal,
  ): Promise<AnswerPart<P>[]> {
    const { observables } = request
    const keys = observables.map((observable) =>
      cacheKey({
        scope: `answer:${request.scope}`,
        apiKey: request.apiKey,
        allowTestAccounts: request.allowTestAccounts,
        query: `${request.variant}|${observableKey(observable)}`,
      }),
    )
    const waiting = new Waiting()
    const onAbort = () => waiting.leave(signal?.reason)
    signal?.addEventListener('abort', onAbort, { once: true })
    const join = (flight: Flight): Promise<AnswerPart<P>> => {
      waiting.join(flight.run)
      return flight.part as Promise<AnswerPart<P>>
    }
    const result: (Promise<AnswerPart<P>> | undefined)[] = keys.map((key) => {
      const flight = inFlight.get(key)
      return joinable(flight) ? join(flight) : undefined
    })
    const toRead = keys.flatMap((_key, index) => (result[index] === undefined ? [index] : []))
    const read = await Promise.all(
      toRead.map(async (index) => {
        const observable = observables[index] as Observable
        const [stored, generation] = await Promise.all([
          options.parts.get(keys[index] as string),
          generationOf(observable),
        ])
        return { index, stored, generation }
      }),
    )

    const missing: { index: number; key: string; generation: string }[] = []
    for (const { index, stored, generation } of read) {
      const key = keys[index] as string
      if (stored !== undefined && stored.generation === generation) {
        result[index] = Promise.resolve(unstorePart(stored) as AnswerPart<P>)
        continue
      }
      // Another request may have started this part while the cache was read.
      const started = inFlight.get(key)
      if (joinable(started)) result[index] = join(started)
      else missing.push({ index, key, generation })
    }

    if (missing.length > 0) {
      const run: LookupRun = { controller: new AbortController(), waiters: 0, done: false }
      // A request that hung up while the cache was read starts nothing it would not wait for.
      if (signal?.aborted === true) run.controller.abort(signal.reason)
      const looked = Promise.resolve().then(() =>
        lookup(
          missing.map(({ index }) => observables[index] as Observable),
          run.controller.signal,
        ),
      )
      looked.then(
        () => {
          run.done = true
        },
        () => {
          run.done = true
        },
      )
      waiting.join(run)
      missing.forEach(({ index, key, generation }, position) => {
        const part = looked.then(async (found) => {
          const got = found[position]
          if (got === undefined) throw new TypeError('the lookup answered fewer parts than asked')
          // An aborted lookup's parts are whatever was complete when it stopped: never kept.
          if (!run.controller.signal.aborted && isCacheable(got)) {
            // Stored before it is answered: once one replica has answered a part, every replica
            // reads it, and no request falls between the end of this lookup and the stored part.
            // A slow store is waited for only so long, whatever Redis's own command deadline is
            // set to; a store that fails is only a miss next time.
            await waitAtMost(
              options.parts.set(key, storePart(got, generation), ttlMs).catch(() => {}),
              STORE_WAIT_MS,
            )
          }
          return got
        })
        const settled = part.finally(() => {
          if (inFlight.get(key)?.part === settled) inFlight.delete(key)
        })
        inFlight.set(key, { part: settled as Promise<AnswerPart<unknown>>, run })
        result[index] = settled
      })
    }
    try {
      return await Promise.all(result as Promise<AnswerPart<P>>[])
    } finally {
      signal?.removeEventListener('abort', onAbort)
      waiting.leave()
    }
  }

  if (!(ttlMs > 0)) {
    return {
      enabled: false,
      parts: (request, lookup, signal) =>
        lookup(request.observables, signal ?? new AbortController().signal),
      invalidate: async () => {},
    }
  }
  return {
    enabled: true,
    parts,
    async invalidate(observable) {
      // Kept at least as long as any part that saw the previous token.
      await options.generations.set(generationKey(observable), randomUUID(), ttlMs * 2)
    },
  }
}
