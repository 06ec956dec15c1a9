/**
 * `POST /deliberate/observables`: verdicts and judgements, made of
 * per-observable parts the answer cache keeps.
 * @module
 */
import { deliberateAnswer, deliberateParts } from '../../deliberate/deliberate-request.ts'
import type { ObservableJudgements } from '../../deliberate/types.ts'
import type { AuthedRouteContext } from '../route-context.ts'
import { answer, observablesOf } from './answer.ts'

/** Answer a deliberate request, looking up only what the answer cache lacks. */
export async function deliberate(ctx: AuthedRouteContext): Promise<unknown> {
  const { deps, claims, services } = ctx
  const { settings } = deps
  const { observables, warnings } = observablesOf(ctx)
  if (observables.length === 0) return answer(ctx, {}, warnings)
  const { apiKey, allowTestAccounts } = claims
  const parts = await services.answers.parts<ObservableJudgements>(
    { scope: 'deliberate', apiKey, allowTestAccounts, variant: '', observables },
    (missing, signal) =>
      deliberateParts(
        { observables: missing, apiKey, allowTestAccounts },
        {
          upstream: deps.gti,
          portalUrl: settings.gti.portalUrl,
          validDays: settings.deliberate.judgementValidDays,
          maxDetections: settings.deliberate.maxDetections,
          concurrency: settings.limits.observeConcurrency,
          timeoutMs: settings.limits.requestTimeoutMs,
          now: () => deps.clock.now(),
        },
        signal,
      ),
    ctx.request.clientGone(),
  )
  const result = deliberateAnswer(parts)
  return answer(ctx, result.data, [...warnings, ...result.errors])
}
