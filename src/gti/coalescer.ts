/**
 * Sharing one in-flight operation among callers that ask for the same thing
 * at the same moment.
 * @module
 */

/** A joined operation: its shared state and this caller's view of its result. */
export interface Joined<T, S> {
  /** State chosen by the caller that started the operation. */
  state: S
  /** Settles with the operation, or rejects with the waiter signal's reason when it aborts. */
  promise: Promise<T>
  /** False for the caller that started the operation. */
  shared: boolean
  /**
   * Stop waiting: `promise` rejects with `reason`, and the operation is aborted
   * with it when no other caller waits. Does nothing once settled or left.
   */
  leave(reason: unknown): void
}

/** Starts an operation: its state and its result, which must stop when `signal` aborts. */
export type StartOperation<T, S> = (signal: AbortSignal) => { state: S; promise: Promise<T> }

/** Joins callers on identical in-flight operations. */
export interface Coalescer {
  /**
   * Join the operation in flight under `key`, or start one. A caller whose
   * `waiter` aborts stops waiting; the operation itself is aborted only when
   * every caller has left. The entry is removed when the operation settles.
   */
  join<T, S>(key: string, start: StartOperation<T, S>, waiter?: AbortSignal): Joined<T, S>
  /** Operations in flight. */
  readonly size: number
}

interface Entry {
  state: unknown
  promise: Promise<unknown>
  controller: AbortController
  waiters: number
}

/** A new, empty {@link Coalescer}. */
export function createCoalescer(): Coalescer {
  const entries = new Map<string, Entry>()

  const forget = (key: string, entry: Entry): void => {
    if (entries.get(key) === entry) entries.delete(key)
  }

  const open = <T, S>(key: string, start: StartOperation<T, S>): Entry => {
    const controller = new AbortController()
    const started = start(controller.signal)
    const entry: Entry = {
      state: started.state,
      promise: started.promise,
      controller,
      waiters: 0,
    }
    entries.set(key, entry)
    started.promise.then(
      () => forget(key, entry),
      () => forget(key, entry),
    )
    return entry
  }

  return {
    get size() {
      return entries.size
    },
    join<T, S>(key: string, start: StartOperation<T, S>, waiter?: AbortSignal): Joined<T, S> {
      const existing = entries.get(key)
      const entry = existing ?? open(key, start)
      entry.waiters += 1
      let waiting = true
      let rejectWaiter: (reason: unknown) => void = () => {}
      const leave = (reason: unknown): void => {
        if (!waiting) return
        waiting = false
        entry.waiters -= 1
        if (entry.waiters === 0) {
          forget(key, entry)
          entry.controller.abort(reason)
        }
        rejectWaiter(reason)
      }
      // Callers that leave by calling `leave` themselves need no listener on a waiter signal.
      const onAbort = waiter === undefined ? undefined : (): void => leave(waiter.reason)
      const promise = new Promise<T>((resolve, reject) => {
        rejectWaiter = reject
        ;(entry.promise as Promise<T>).then(
          (value) => {
            if (onAbort !== undefined) waiter?.removeEventListener('abort', onAbort)
            if (waiting) resolve(value)
            waiting = false
          },
          (error: unknown) => {
            if (onAbort !== undefined) waiter?.removeEventListener('abort', onAbort)
            if (waiting) reject(error)
            waiting = false
          },
        )
      })
      if (onAbort !== undefined) {
        if (waiter?.aborted === true) onAbort()
        else waiter?.addEventListener('abort', onAbort, { once: true })
      }
      return { state: entry.state as S, promise, shared: existing !== undefined, leave }
    },
  }
}
