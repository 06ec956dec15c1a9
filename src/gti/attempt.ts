/**
 * One attempt of one ThreatINSIGHT request: sent with the key, bounded by its
 * time budget, its answer read under a size cap and validated, every failure
 * turned into a {@link GtiError}. No retries here.
 * @module
 */
import { EventEmitter } from 'node:events'
import type { Dispatcher } from 'undici'
import { readCappedBody, TOO_LARGE } from '../net/read-capped-body.ts'
import type { CallTarget, TimeLimit } from './classify-failure.ts'
import {
  abortedError,
  errorForStatus,
  errorForTransport,
  malformedError,
  timeoutError,
} from './classify-failure.ts'
import type { OriginDispatchers } from './origin-dispatchers.ts'
import { parseAnswer } from './read-answer.ts'
import { parseRetryAfterMs } from './retry-policy.ts'
import type { StartTimer } from './timer.ts'
import type { Outcome, UpstreamRequest } from './upstream-request.ts'

// Enough for an `{error: {message}}` body; the rest of an error body is dropped.
const ERROR_BODY_CAP = 64 * 1024

/** What stays the same across attempts of one client. */
export interface AttemptConfig {
  dispatchers: OriginDispatchers
  userAgent: string
  maxAnswerBytes: number
  clock: { now(): number }
  startTimer: StartTimer
}

/** One attempt's request, key and limits. */
export interface AttemptInput<T> {
  request: UpstreamRequest<T>
  target: CallTarget
  apiKey: string
  /** The whole attempt, headers and body, must fit in this. */
  budgetMs: number
  /** What the budget came from, for the timeout message. */
  limit: TimeLimit
  /** The caller side: aborting it ends the attempt as `aborted`. */
  signal: AbortSignal
  /** 1 for the first try. */
  attempt: number
}

/** Sends one attempt; never rejects (a failure is an `ok: false` outcome). */
export type Attempt = <T>(input: AttemptInput<T>) => Promise<Outcome<T>>

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

/** The attempt function of one client. */
export function createAttempt(config: AttemptConfig): Attempt {
  const { maxAnswerBytes } = config

  async function readSuccess<T>(
    input: AttemptInput<T>,
    response: Dispatcher.ResponseData,
  ): Promise<Outcome<T>> {
    const { statusCode, headers, body } = response
    const { target, attempt, request } = input
    const tooLarge = `is larger than ${maxAnswerBytes} bytes (GTI_MAX_ANSWER_BYTES); it was not read`
    if (Number(headers['content-length']) > maxAnswerBytes) {
      body.destroy()
      return { ok: false, error: malformedError(target, tooLarge, attempt, statusCode) }
    }
    const raw = await readCappedBody(body, maxAnswerBytes)
    if (raw === TOO_LARGE) {
      return { ok: false, error: malformedError(target, tooLarge, attempt, statusCode) }
    }
    // An empty answer is read to its end (so the socket is reused) and its bytes ignored.
    if (request.answer === 'empty') return { ok: true, value: undefined as T }
    const parsed = parseAnswer(raw, request.answer)
    if (parsed.ok) return { ok: true, value: parsed.value }
    return {
      ok: false,
      error: malformedError(target, parsed.reason, attempt, statusCode, parsed.cause),
    }
  }

  async function readFailure<T>(
    input: AttemptInput<T>,
    response: Dispatcher.ResponseData,
  ): Promise<Outcome<T>> {
    const { statusCode, headers, body } = response
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
      error: errorForStatus(input.target, statusCode, raw, input.attempt, input.apiKey),
      retryAfterMs: parseRetryAfterMs(headers['retry-after'], config.clock.now()),
    }
  }

  return async function attemptOnce<T>(input: AttemptInput<T>): Promise<Outcome<T>> {
    const { request, target, budgetMs, limit, signal, attempt } = input
    const attemptSignal = new AttemptSignal()
    const forward = (): void => attemptSignal.abort(signal.reason)
    signal.addEventListener('abort', forward, { once: true })
    let timedOut = false
    // undici's timeouts bound the wait for headers and between body chunks; this one bounds the whole.
    const cancelTimer = config.startTimer(budgetMs, () => {
      timedOut = true
      attemptSignal.abort(new DOMException('The upstream call timed out', 'TimeoutError'))
    })
    const headers: Record<string, string> = {
      authorization: `IBToken ${input.apiKey}`,
      accept: 'application/json',
      'user-agent': config.userAgent,
    }
    if (request.body !== undefined) headers['content-type'] = 'application/json'
    try {
      const response = await config.dispatchers.for(request.url.origin).request({
        origin: request.url.origin,
        path: request.url.path,
        method: request.method,
        headers,
        body: request.body ?? null,
        signal: attemptSignal,
        headersTimeout: budgetMs,
        bodyTimeout: budgetMs,
      })
      const ok = response.statusCode >= 200 && response.statusCode < 300
      return await (ok ? readSuccess(input, response) : readFailure(input, response))
    } catch (cause) {
      if (timedOut) return { ok: false, error: timeoutError(target, attempt, limit) }
      if (signal.aborted) return { ok: false, error: abortedError(target, attempt, signal.reason) }
      return { ok: false, error: errorForTransport(target, cause, attempt, limit) }
    } finally {
      cancelTimer()
      signal.removeEventListener('abort', forward)
    }
  }
}
