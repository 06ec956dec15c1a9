/**
 * `POST /observe/observables`: the CTIM bundle of the observables, made of
 * per-observable parts the answer cache keeps.
 * @module
 */
import type { AnswerPart } from '../../answers/index.ts'
import { dedupeErrors } from '../../errors/dedupe-errors.ts'
import {
  fitAnswer,
  type ObservePartJson,
  observeAnswerJson,
  toPartJson,
} from '../../observe/observe-answer-json.ts'
import { observeParts } from '../../observe/observe-request.ts'
import { RawJson } from '../raw-json.ts'
import type { AuthedRouteContext } from '../route-context.ts'
import { answer, observablesOf } from './answer.ts'

/** Answer an observe request, looking up only what the answer cache lacks. */
export async function observe(ctx: AuthedRouteContext): Promise<unknown> {
  const { request, deps, claims, services } = ctx
  const { settings } = deps
  const { observables, warnings } = observablesOf(ctx)
  if (observables.length === 0) return answer(ctx, {}, warnings)
  const { apiKey, entitiesLimit: limit, allowTestAccounts } = claims
  const parts = await services.answers.parts<ObservePartJson>(
    { scope: 'observe', apiKey, allowTestAccounts, variant: `limit=${limit}`, observables },
    async (missing, signal) =>
      // Parts are serialised once here; a cached one is written into later answers as it is.
      (
        await observeParts(
          { observables: missing, apiKey, limit, allowTestAccounts },
          {
            upstream: deps.gti,
            portalUrl: settings.gti.portalUrl,
            lookbackDays: settings.gti.eventsLookbackDays,
            judgementValidDays: settings.deliberate.judgementValidDays,
            maxDetections: settings.deliberate.maxDetections,
            concurrency: settings.limits.observeConcurrency,
            timeoutMs: settings.limits.requestTimeoutMs,
            maxAnswerBytes: settings.limits.maxAnswerBytes,
            maxRelationsPerSighting: settings.limits.maxRelationsPerSighting,
            maxDetectionCallsPerObservable: settings.limits.maxDetectionCallsPerObservable,
            maxDetectionCallsPerRequest: settings.limits.maxDetectionCallsPerRequest,
            now: () => deps.clock.now(),
            newId: ctx.newId,
            eventsGate: services.eventsGate,
            onUnexpected: (cause, message) => request.log.error({ err: cause }, message),
          },
          signal,
        )
      ).map((part): AnswerPart<ObservePartJson> => {
        const data = toPartJson(part)
        if (data === undefined) return { errors: part.errors }
        const cacheable = part.cacheable === false ? { cacheable: false } : {}
        return { data, errors: part.errors, ...cacheable }
      }),
    ctx.request.clientGone(),
  )
  const fitted = fitAnswer(
    observables,
    parts.map((part) => part.data),
    settings.limits.maxAnswerBytes,
  )
  const data = observeAnswerJson(fitted.kept)
  const errors = dedupeErrors([...parts.flatMap((part) => part.errors), ...fitted.warnings])
  return answer(ctx, new RawJson(data, data.length === 2), [...warnings, ...errors])
}
