/**
 * `POST /respond/observables`: the resolve actions of each observable that
 * has active detections, looked up exactly as deliberate does.
 * @module
 */
import { lookupActiveDetections } from '../detections/active-detections.ts'
import { keepDetections } from '../detections/keep-detections.ts'
import { capWarning, lookupFailure, missingRuleWarning } from '../detections/lookup-warnings.ts'
import { runPerObservable } from '../detections/per-observable.ts'
import type { RelayError } from '../errors/relay-error.ts'
import type { Observable } from '../observables/observable.ts'
import { listActions, type RespondAction } from './list-actions.ts'
import type { RespondUpstream } from './upstream.ts'

/** Inputs of one listing, after authentication and payload checks. */
export interface RespondListRequest {
  observables: readonly Observable[]
  apiKey: string
  allowTestAccounts: boolean
  /** The token's `GTI_ENABLE_RESPONSE_ACTIONS`. */
  enabled: boolean
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

/** List the actions; none, and no upstream call, when response actions are off. */
export async function respondObservables(
  request: RespondListRequest,
  deps: RespondDeps,
  signal?: AbortSignal,
): Promise<RespondListResult> {
  if (!request.enabled || request.observables.length === 0) return { data: [], errors: [] }
  const outcomes = await runPerObservable(
    request.observables,
    { concurrency: deps.concurrency, timeoutMs: deps.timeoutMs, now: deps.now, signal },
    async (observable, budget) => {
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
        return { actions: listActions(observable, kept), errors, failed: false }
      } catch (error) {
        return {
          actions: [],
          errors: [lookupFailure(observable, 'detections search', error)],
          failed: true,
        }
      }
    },
  )
  const data: RespondAction[] = []
  const errors: RelayError[] = []
  let failed = 0
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      errors.push(outcome.error)
      failed += 1
      continue
    }
    data.push(...outcome.value.actions)
    errors.push(...outcome.value.errors)
    if (outcome.value.failed) failed += 1
  }
  return { data, errors }
}
