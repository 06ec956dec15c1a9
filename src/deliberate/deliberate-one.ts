/**
 * Deliberate for one observable: its active detections, the keep rules, then
 * judgements and a verdict.
 * @module
 */
import { lookupActiveDetections } from '../detections/active-detections.ts'
import { keepDetections } from '../detections/keep-detections.ts'
import { capWarning, lookupFailure, missingRuleWarning } from '../detections/lookup-warnings.ts'
import type { RelayError } from '../errors/relay-error.ts'
import type { Observable } from '../observables/observable.ts'
import { mapJudgements } from './map-judgements.ts'
import type { JudgementContext, ObservableJudgements } from './types.ts'
import type { DeliberateUpstream, UpstreamCall } from './upstream.ts'

/** Everything one observable's deliberation depends on. */
export interface DeliberateContext extends JudgementContext {
  upstream: DeliberateUpstream
  call: UpstreamCall
  allowTestAccounts: boolean
  /** `GTI_DELIBERATE_MAX_DETECTIONS`. */
  maxDetections: number
}

/** The judgements of one observable (absent when its lookup failed) and its errors. */
export interface DeliberateOutcome {
  result?: ObservableJudgements
  errors: RelayError[]
}

/** Judge one observable; a failed lookup fails only this observable. */
export async function deliberateOne(
  observable: Observable,
  ctx: DeliberateContext,
): Promise<DeliberateOutcome> {
  let found: Awaited<ReturnType<typeof lookupActiveDetections>>
  try {
    found = await lookupActiveDetections(ctx.upstream, ctx.call, observable, ctx.maxDetections)
  } catch (error) {
    return { errors: [lookupFailure(observable, 'detections search', error)] }
  }
  const errors: RelayError[] = []
  if (found.hidden > 0) errors.push(capWarning(observable, found.hidden, ctx.maxDetections))
  const { kept, withoutRule } = keepDetections(found, ctx.allowTestAccounts)
  for (const detection of withoutRule) errors.push(missingRuleWarning(observable, detection))
  return { result: mapJudgements(observable, kept, ctx), errors }
}
