/**
 * A promise a test settles by hand, to hold an operation in flight while it
 * checks what happens meanwhile.
 * @module
 */

/** A pending promise and the functions that settle it. */
export interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

/** A new pending promise. */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
