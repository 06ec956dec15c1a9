/**
 * One load per key at a time: callers that ask for a key while its load runs
 * share that load's promise instead of starting their own.
 * @module
 */

/** Runs `work` for `key`, or joins the run for `key` already in flight. */
export type SingleFlight<V> = (key: string, work: () => Promise<V>) => Promise<V>

/** A new set of in-flight runs; a key is forgotten as soon as its run settles. */
export function createSingleFlight<V>(): SingleFlight<V> {
  const running = new Map<string, Promise<V>>()
  return (key, work) => {
    const inFlight = running.get(key)
    if (inFlight !== undefined) return inFlight
    // Started on a microtask so a `work` that throws synchronously still goes through `finally`.
    const promise = Promise.resolve()
      .then(work)
      .finally(() => {
        if (running.get(key) === promise) running.delete(key)
      })
    running.set(key, promise)
    return promise
  }
}
