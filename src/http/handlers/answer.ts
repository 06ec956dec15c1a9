/**
 * What the handlers share: reading the request's observables and making the
 * envelope of an answer.
 * @module
 */
import type { RelayError } from '../../errors/relay-error.ts'
import { parseObservables } from '../../observables/parse-observables.ts'
import { type Envelope, type EnvelopeOptions, envelope } from '../envelope.ts'
import { logUpstreamFailures } from '../log-upstream-failures.ts'
import { parseJsonBody } from '../read-body.ts'
import type { RouteContext } from '../route-context.ts'

/** The answer assembled from a result and the errors beside it; upstream causes are logged. */
export function answer(
  ctx: RouteContext,
  data: unknown,
  errors: readonly RelayError[],
  options?: EnvelopeOptions,
): Envelope {
  logUpstreamFailures(ctx.request.log, errors)
  return envelope(data, errors, options)
}

/** The request body's supported observables, and a warning for each one left out. */
export function observablesOf(ctx: RouteContext) {
  return parseObservables(parseJsonBody(ctx.request.body), ctx.deps.settings.limits.maxObservables)
}
