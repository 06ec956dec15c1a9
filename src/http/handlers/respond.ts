/**
 * The response actions: `POST /respond/observables` lists them (per-observable
 * parts the answer cache keeps), `POST /respond/trigger` runs one.
 * @module
 */
import type { RespondAction } from '../../respond/list-actions.ts'
import { respondListing, respondParts } from '../../respond/respond-observables.ts'
import { triggerAction } from '../../respond/trigger.ts'
import { parseJsonBody } from '../read-body.ts'
import type { AuthedRouteContext, RouteContext } from '../route-context.ts'
import { answer, observablesOf } from './answer.ts'

function respondDeps({ deps }: RouteContext) {
  return {
    upstream: deps.gti,
    maxDetections: deps.settings.deliberate.maxDetections,
    concurrency: deps.settings.limits.observeConcurrency,
    timeoutMs: deps.settings.limits.requestTimeoutMs,
    now: () => deps.clock.now(),
  }
}

/** List the actions of the observables; none when the token has response actions off. */
export async function respond(ctx: AuthedRouteContext): Promise<unknown> {
  const { claims, services } = ctx
  const { observables, warnings } = observablesOf(ctx)
  // Response actions off: no actions and no upstream call, so nothing to cache either.
  if (claims.enableResponseActions !== true || observables.length === 0) {
    return answer(ctx, [], warnings)
  }
  const { apiKey, allowTestAccounts } = claims
  const parts = await services.answers.parts<RespondAction[]>(
    { scope: 'respond', apiKey, allowTestAccounts, variant: 'actions=on', observables },
    (missing, signal) =>
      respondParts({ observables: missing, apiKey, allowTestAccounts }, respondDeps(ctx), signal),
    ctx.request.clientGone(),
  )
  const result = respondListing(parts)
  return answer(ctx, result.data, [...warnings, ...result.errors])
}

/** Run one response action, log its audit line and drop the observable's cached answers. */
export async function trigger(ctx: AuthedRouteContext): Promise<unknown> {
  const { request, claims } = ctx
  const result = await triggerAction(
    {
      body: () => parseJsonBody(request.body),
      apiKey: claims.apiKey,
      allowTestAccounts: claims.allowTestAccounts,
      enabled: claims.enableResponseActions === true,
    },
    { ...respondDeps(ctx), version: ctx.deps.version },
    ctx.request.clientGone(),
  )
  // The relay's only writes: one audit line each, with a hash of the value and no secret.
  request.log.info({ responseAction: result.audit }, 'response action')
  // Cached answers of the observable (every scope) now show resolved detections as active: drop them.
  if (result.changed !== undefined) await ctx.services.answers.invalidate(result.changed)
  // A trigger that resolved nothing failed as a whole; a partial one reports its failures beside it.
  const failed = result.status === 'failure' && result.audit.resolved === 0
  return answer(ctx, { status: result.status }, result.errors, { failed })
}
