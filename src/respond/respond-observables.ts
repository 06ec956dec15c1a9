/**
 * `POST /respond/observables`: the resolve actions of each observable that
 * has active detections, looked up exactly as deliberate does, one part per
 * observable so the answer cache can keep them.
 * @module
 */
import type { AnswerPart } from '../answers/index.ts'
import { lookupActiveDetections } from '../detections/active-detections.ts'
import { keepDetections } from '../detections/keep-detections.ts'
import { capWarning, lookupFailure, missingRuleWarning } from '../detections/lookup-warnings.ts'
import { runPerObservable } from '../detections/per-observable.ts'
import { dedupeErrors } from '../errors/dedupe-errors.ts'
import type { RelayError } from '../errors/relay-error.ts'
import type { Observable } from '../observables/observable.ts'
import { listActions, type RespondAction } from './list-actions.ts'
import type { RespondUpstream } from './upstream.ts'

/** Inputs of one listing, after authentication and payload checks. */
export interface RespondListRequest {
  observables: readonly Observable[]
  apiKey: string
  allowTestAccounts: boolean
}

/** Relay-wide dependencies of the response actions. */
export interface RespondDeps {
  upstream: RespondUpstream
  maxDetections: number
  /** Observables looked up, and detections resolved, at once. */
  concurrency: number
  timeoutMs: number
  now: () => number
}

/** The actions, in request order, and the errors beside them. */
export interface RespondListResult {
  data: RespondAction[]
  errors: RelayError[]
}

/**
 * Each observable's part of a listing, in request order: its actions (none without active
 * detections; absent when its lookup failed) and its errors. Parts are plain JSON, so the
 * answer cache can keep them. Only for a token with response actions on: the caller answers
 * no actions, and asks nothing upstream, when they are off.
 */
export async function respondParts(
  request: RespondListRequest,
  deps: RespondDeps,
  signal?: AbortSignal,
): Promise<AnswerPart<RespondAction[]>[]> {
  const outcomes = await runPerObservable(
    request.observables,
    { concurrency: deps.concurrency, timeoutMs: deps.timeoutMs, now: deps.now, signal },
    async (observable, budget): Promise<AnswerPart<RespondAction[]>> => {
      const call = { apiKey: request.apiKey, signal: budget.signal, deadlineMs: budget.deadlineMs }
      const errors: RelayError[] = []
      try {
        const found = await lookupActiveDetections(
          deps.upstream,
          call,
          observable,
          deps.maxDetections,
        )
        if (found.hidden > 0) errors.push(capWarning(observable, found.hidden, deps.maxDetections))
        const { kept, withoutRule } = keepDetections(found, request.allowTestAccounts)
        for (const detection of withoutRule) errors.push(missingRuleWarning(observable, detection))
        return { data: listActions(observable, kept), errors }
      } catch (error) {
        return { errors: [lookupFailure(observable, 'detections search', error)] }
      }
    },
  )
  return outcomes.map((outcome) => (outcome.ok ? outcome.value : { errors: [outcome.error] }))
}

/** The listing made of parts in request order (cached or fresh). */
export function respondListing(parts: readonly AnswerPart<RespondAction[]>[]): RespondListResult {
  return {
    data: parts.flatMap((part) => part.data ?? []),
    errors: dedupeErrors(parts.flatMap((part) => part.errors)),
  }
}
