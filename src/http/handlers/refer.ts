/**
 * `POST /refer/observables`: links to the observables in the ThreatINSIGHT portal.
 * @module
 */
import { referLinks } from '../../refer/refer-links.ts'
import type { AuthedRouteContext } from '../route-context.ts'
import { answer, observablesOf } from './answer.ts'

/** The portal links of the request's observables; no upstream call. */
export async function refer(ctx: AuthedRouteContext): Promise<unknown> {
  const { observables, warnings } = observablesOf(ctx)
  return answer(ctx, referLinks(observables, ctx.deps.settings.gti.portalUrl), warnings)
}
