/**
 * The layer above one attempt: the caller's deadline and signal, retries with
 * backoff or `Retry-After`, and coalescing of identical concurrent requests.
 * @module
 */
import { isHeaderSafe } from '../net/header-safe.ts'
import type { Attempt } from './attempt.ts'
import type { TimeLimit } from './classify-failure.ts'
import { abortedError, timeoutError } from './classify-failure.ts'
import { createCoalescer } from './coalescer.ts'
import { GtiError } from './gti-error.ts'
import type { RetryOptions } from './retry-policy.ts'
import { backoffDelayMs, isRetryable } from './retry-policy.ts'
import type { StartTimer } from './timer.ts'
import type { UpstreamGate } from './upstream-gate.ts'
import type { UpstreamRequest } from './upstream-request.ts'

/** Who is calling and until when. */
export interface CallContext {
  /** The caller's ThreatINSIGHT API key (sent as `Authorization: IBToken <key>`). */
  apiKey: string
  /** Stops waiting when aborted. */
  signal?: AbortSignal
  /** Epoch ms; no request, retry or wait goes past it. */
  deadlineMs?: number
}

/** What the layer needs. */
export interface SendConfig {
  attempt: Attempt
  callTimeoutMs: number
  retry: RetryOptions
  clock: { now(): number }
  /** Waits between retries; must reject when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>
  random: () => number
  startTimer: StartTimer
  /** Per-key back-off after a 429 with `Retry-After`; none when absent. */
  gate?: UpstreamGate
}

/** Sends a request for a caller, with retries; every failure is a {@link GtiError}. */
export type Send = <T>(call: CallContext, request: UpstreamRequest<T>) => Promise<T>

interface Progress {
  attempts: number
  deadlineMs: number | undefined
}

/** A call the gate refused: ThreatINSIGHT asked this key to wait, so nothing was sent. */
function blockedError(target: { method: string; url: string }, attempts: number, waitMs: number) {
  return new GtiError(
    `ThreatINSIGHT asked for this API key to wait ${Math.ceil(waitMs / 1000)} s more (Retry-After); the relay did not call ${target.method} ${target.url}`,
    { kind: 'rate-limit', method: target.method, url: target.url, status: 429, attempts },
  )
}

/**
 * The send function of one client.
 *
 * Identical requests (same key, method, URL and body) in flight at the same
 * time are sent once. The shared request runs on the budget of the caller that
 * started it; a later caller with an earlier deadline stops waiting at its own
 * deadline, and a caller that aborts leaves without cancelling it for others.
 */
export function createSend(config: SendConfig): Send {
  const { clock, retry, callTimeoutMs } = config
  const coalescer = createCoalescer()

  /**
   * Waits while ThreatINSIGHT has asked this key to wait (a 429 seen here or by another replica),
   * or refuses without calling when the wait is longer than a Retry-After the relay would honour
   * or than the deadline allows.
   */
  async function waitForGate(
    target: { method: string; url: string },
    apiKey: string,
    signal: AbortSignal,
    attempts: number,
    deadlineMs: number | undefined,
  ): Promise<void> {
    const untilMs = await config.gate?.blockedUntil(apiKey)
    if (untilMs === undefined) return
    const waitMs = untilMs - clock.now()
    if (waitMs <= 0) return
    if (waitMs > retry.maxRetryAfterMs || (deadlineMs !== undefined && untilMs >= deadlineMs)) {
      throw blockedError(target, attempts, waitMs)
    }
    try {
      await config.sleep(waitMs, signal)
    } catch (cause) {
      throw abortedError(target, attempts, signal.aborted ? signal.reason : cause)
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
      await waitForGate(target, apiKey, signal, attempt - 1, deadlineMs)
      const outcome = await config.attempt({
        request,
        target,
        apiKey,
        budgetMs,
        limit,
        signal,
        attempt,
      })
      if (outcome.ok) return outcome.value
      const { error, retryAfterMs } = outcome
      if (retryAfterMs !== undefined && error.kind === 'rate-limit') {
        config.gate?.block(apiKey, clock.now() + retryAfterMs)
      }
      if (attempt > retry.limit || !isRetryable(error)) throw error
      let waitMs = backoffDelayMs(attempt, retry, config.random)
      if (retryAfterMs !== undefined) {
        if (retryAfterMs > retry.maxRetryAfterMs) throw error
        waitMs = retryAfterMs
      }
      // Waiting past the deadline only to time out would hide the real failure.
      if (deadlineMs !== undefined && clock.now() + waitMs >= deadlineMs) throw error
      try {
        await config.sleep(waitMs, signal)
      } catch (cause) {
        throw abortedError(target, attempt, signal.aborted ? signal.reason : cause)
      }
    }
  }

  return async function send<T>(call: CallContext, request: UpstreamRequest<T>): Promise<T> {
    const target = { method: request.method, url: request.url.href }
    if (!isHeaderSafe(call.apiKey)) {
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
    // (isHeaderSafe). The map is private to this client and never logged.
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
    let cancelTimer: (() => void) | undefined
    // The shared request stops at its starter's deadline; a joiner may need to stop sooner.
    if (
      deadlineMs !== undefined &&
      (progress.deadlineMs === undefined || deadlineMs < progress.deadlineMs)
    ) {
      cancelTimer = config.startTimer(Math.max(0, deadlineMs - clock.now()), () =>
        joined.leave(timeoutError(target, progress.attempts, 'deadline')),
      )
    }
    try {
      return await joined.promise
    } finally {
      cancelTimer?.()
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort)
    }
  }
}
