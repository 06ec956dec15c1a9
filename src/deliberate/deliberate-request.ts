/**
 * One deliberate request: every observable judged concurrently (bounded) into
 * one part each, in request order, partial when the deadline or upstream cut it
 * short; the answer assembled from parts that may come from the answer cache.
 * @module
 */
import type { AnswerPart } from '../answers/index.ts'
import type { DocList } from '../ctim/index.ts'
import { runPerObservable } from '../detections/per-observable.ts'
import { dedupeErrors } from '../errors/dedupe-errors.ts'
import type { RelayError } from '../errors/relay-error.ts'
import type { Observable } from '../observables/observable.ts'
import { type DeliberateOutcome, deliberateOne } from './deliberate-one.ts'
import type { Judgement, ObservableJudgements, Verdict } from './types.ts'
import type { DeliberateUpstream } from './upstream.ts'

/** Inputs of one deliberate request, after authentication and payload checks. */
export interface DeliberateRequest {
  observables: readonly Observable[]
  apiKey: string
  allowTestAccounts: boolean
}

/** Relay-wide dependencies and settings of deliberate. */
export interface DeliberateDeps {
  upstream: DeliberateUpstream
  portalUrl: string
  validDays: number
  maxDetections: number
  concurrency: number
  timeoutMs: number
  now: () => number
}

/** `data` of a deliberate answer: each key only when it has docs. */
export interface DeliberateData {
  verdicts?: DocList<Verdict>
  judgements?: DocList<Judgement>
}

/** The data and the errors to put beside it. */
export interface DeliberateResult {
  data: DeliberateData
  errors: RelayError[]
}

/** Verdicts and judgements of several observables, in their order. */
export function deliberateBundle(parts: readonly ObservableJudgements[]): DeliberateData {
  const verdicts = parts.flatMap((part) => (part.verdict === undefined ? [] : [part.verdict]))
  const judgements = parts.flatMap((part) => part.judgements)
  const data: DeliberateData = {}
  if (verdicts.length > 0) data.verdicts = { count: verdicts.length, docs: verdicts }
  if (judgements.length > 0) data.judgements = { count: judgements.length, docs: judgements }
  return data
}

/**
 * Each observable's part of a deliberate request, in request order: its judgements and
 * verdict (absent when its lookup failed) and its errors. Parts are plain JSON, so the
 * answer cache can keep them.
 */
export async function deliberateParts(
  request: DeliberateRequest,
  deps: DeliberateDeps,
  signal?: AbortSignal,
): Promise<AnswerPart<ObservableJudgements>[]> {
  const nowMs = deps.now()
  const outcomes = await runPerObservable<DeliberateOutcome>(
    request.observables,
    { concurrency: deps.concurrency, timeoutMs: deps.timeoutMs, now: deps.now, signal },
    (observable, budget) =>
      deliberateOne(observable, {
        upstream: deps.upstream,
        call: { apiKey: request.apiKey, signal: budget.signal, deadlineMs: budget.deadlineMs },
        allowTestAccounts: request.allowTestAccounts,
        maxDetections: deps.maxDetections,
        portalUrl: deps.portalUrl,
        validDays: deps.validDays,
        nowMs,
      }),
  )
  return outcomes.map((outcome): AnswerPart<ObservableJudgements> => {
    const value: DeliberateOutcome = outcome.ok ? outcome.value : { errors: [outcome.error] }
    return value.result === undefined
      ? { errors: value.errors }
      : { data: value.result, errors: value.errors }
  })
}

/** The deliberate answer made of parts in request order (cached or fresh): errors once each. */
export function deliberateAnswer(
  parts: readonly AnswerPart<ObservableJudgements>[],
): DeliberateResult {
  const judged = parts.flatMap((part) => (part.data === undefined ? [] : [part.data]))
  // The envelope decides fatal or warning from the answer these errors end up in.
  return {
    data: deliberateBundle(judged),
    errors: dedupeErrors(parts.flatMap((part) => part.errors)),
  }
}
