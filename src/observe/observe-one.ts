/**
 * The observe workflow of observe.md for one observable: the detection chain
 * and the recent-events query run side by side, then attach, filter, order,
 * limit and look up DHCP.
 * @module
 */

import type { DhcpByIp, KeptEvent, ObservableFindings } from '../ctim/findings.ts'
import { mapJudgements } from '../deliberate/map-judgements.ts'
import type { JudgementContext, ObservableJudgements } from '../deliberate/types.ts'
import { lookupActiveDetections } from '../detections/active-detections.ts'
import { keepDetections } from '../detections/keep-detections.ts'
import { capWarning } from '../detections/lookup-warnings.ts'
import { isTestAccount } from '../detections/test-accounts.ts'
import { RelayError } from '../errors/relay-error.ts'
import type { Detection, GtiEvent, Rule } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { valueMatcher } from '../observables/observable-value.ts'
import { quoteValue } from '../observables/quote-value.ts'
import { attachEvents, type DetectionWithEvents, summarize } from './attach-events.ts'
import { pickDetections, type RequestCallBudget } from './detection-budget.ts'
import { dhcpEntities, groupDhcp } from './dhcp-targets.ts'
import {
  askEnrichments,
  type EnrichmentContext,
  fitEnrichments,
  hasEnrichment,
} from './entity-enrichments.ts'
import { type EventsGate, isEventsApiGone } from './events-availability.ts'
import { eventsQuery, lookbackWindow } from './events-query.ts'
import { orderAndLimit } from './order-events.ts'
import type { DhcpEntity } from './upstream.ts'
import { hasValidTimes, hasValidTimestamp } from './valid-times.ts'

/** Everything one observable's lookup depends on. */
export interface ObserveContext extends EnrichmentContext {
  /** `GTI_DELIBERATE_MAX_DETECTIONS`: detections read (v2 rule 2). */
  maxDetections: number
  /** How the observable's judgements are made (deliberate.md "In observe"). */
  judgement: Omit<JudgementContext, 'nowMs'>
  /** Whether the Events API may be asked (v2 rule 3); absent means always. */
  eventsGate?: EventsGate | undefined
  /** Events calls allowed for this observable's detections (before the entities limit). */
  maxDetectionCalls?: number
  /** Events calls left for the whole request, shared by its observables. */
  requestCalls?: RequestCallBudget
}

/** The findings of one observable (absent when its lookup failed) and its errors. */
export interface ObservableOutcome {
  findings?: ObservableFindings
  /** The same judgements and verdict deliberate gives (absent when the lookup failed). */
  judgements?: ObservableJudgements
  errors: RelayError[]
}

function label(observable: Observable): string {
  return `${observable.type} ${quoteValue(observable.value)}`
}

/** An upstream failure restated so it names the observable and what was being done. */
export function upstreamFailure(observable: Observable, what: string, error: unknown): RelayError {
  if (error instanceof RelayError) {
    // An authentication failure concerns the key, not the observable: keep the message XDR knows.
    if (error.code === 'authorization error') return error
    return new RelayError(
      error.code,
      `ThreatINSIGHT ${what} for ${label(observable)} failed: ${error.message}`,
      { cause: error },
    )
  }
  return new RelayError(
    'internal error',
    `ThreatINSIGHT ${what} for ${label(observable)} failed unexpectedly.`,
    { cause: error },
  )
}

function warning(message: string): RelayError {
  return new RelayError('unexpected response', message)
}

interface DetectionChain {
  attached: KeptEvent[]
  judgements: ObservableJudgements
}

async function detectionChain(
  observable: Observable,
  ctx: ObserveContext,
  errors: RelayError[],
): Promise<DetectionChain> {
  // The same paged call deliberate and respond make, so concurrent lookups share it (v2 rule 2).
  const found = await lookupActiveDetections(ctx.upstream, ctx.call, observable, ctx.maxDetections)
  if (found.hidden > 0) errors.push(capWarning(observable, found.hidden, ctx.maxDetections))
  const { rules } = found

  const kept: { detection: Detection; rule: Rule }[] = []
  for (const detection of found.detections) {
    if (!ctx.allowTestAccounts && isTestAccount(detection.account_uuid)) continue
    if (!hasValidTimes(detection)) {
      errors.push(
        warning(
          `ThreatINSIGHT returned detection ${detection.uuid} for ${label(observable)} with a first or last seen time that is not an ISO-8601 time between 1970 and 2525; the detection was skipped.`,
        ),
      )
      continue
    }
    const rule = rules.get(detection.rule_uuid)
    if (rule === undefined) {
      errors.push(
        warning(
          `ThreatINSIGHT returned detection ${detection.uuid} for ${label(observable)} without its rule ${detection.rule_uuid}; the detection was skipped.`,
        ),
      )
      continue
    }
    kept.push({ detection, rule })
  }

  // More detections than events can be shown need no events call: the newest are enough.
  const requestCalls = ctx.requestCalls ?? { left: Number.POSITIVE_INFINITY }
  const settingsCap = Math.min(ctx.maxDetectionCalls ?? Number.POSITIVE_INFINITY, requestCalls.left)
  const { chosen, skipped } = pickDetections(kept, Math.min(settingsCap, ctx.limit), requestCalls)
  // Cut by the entities limit alone, the skipped detections are older than what can be shown and
  // the limit has its own warning; cut by the relay's caps, the caller should know.
  if (skipped > 0 && settingsCap < ctx.limit) {
    errors.push(
      new RelayError(
        'limit reached',
        `${label(observable)}: the events of ${skipped} older detection(s) were not fetched; the relay fetches the events of at most ${chosen.length} detection(s) here (MAX_DETECTION_CALLS_PER_OBSERVABLE, MAX_DETECTION_CALLS_PER_REQUEST).`,
      ),
    )
  }
  const withEvents: DetectionWithEvents[] = await Promise.all(
    chosen.map(async ({ detection, rule }) => {
      try {
        const events = await ctx.upstream.detectionEvents(ctx.call, detection.uuid)
        return { detection, rule, events: events.events.map((item) => item.event) }
      } catch (error) {
        errors.push(upstreamFailure(observable, `events of detection ${detection.uuid}`, error))
        return { detection, rule, events: [] }
      }
    }),
  )
  const summaryOf = summarize(kept.map((entry) => entry.detection))
  const judged = keepDetections(found, ctx.allowTestAccounts).kept
  return {
    attached: attachEvents(valueMatcher(observable), withEvents, summaryOf),
    judgements: mapJudgements(observable, judged, { ...ctx.judgement, nowMs: ctx.nowMs }),
  }
}

/** The recent events and how many more the Events API matched but did not return. */
interface RecentEvents {
  events: GtiEvent[]
  notReturned: number
}

const NO_RECENT: RecentEvents = { events: [], notReturned: 0 }

async function recentEvents(
  observable: Observable,
  ctx: ObserveContext,
  errors: RelayError[],
): Promise<RecentEvents> {
  if (!ctx.upstream.hasEvents) return NO_RECENT
  const gate = ctx.eventsGate
  if (gate !== undefined && !gate.isAvailable()) {
    errors.push(gate.warning())
    return NO_RECENT
  }
  try {
    const answer = await ctx.upstream.queryEvents(ctx.call, {
      query: eventsQuery(observable, ctx.allowTestAccounts),
      ...lookbackWindow(ctx.nowMs, ctx.lookbackDays),
      limit: ctx.limit,
    })
    const total = answer.total
    const notReturned =
      typeof total === 'number' && Number.isFinite(total)
        ? Math.max(0, Math.floor(total) - answer.events.length)
        : 0
    return { events: answer.events, notReturned }
  } catch (error) {
    if (gate !== undefined && isEventsApiGone(error)) {
      gate.markUnavailable()
      errors.push(gate.warning())
    } else {
      errors.push(upstreamFailure(observable, 'events search', error))
    }
    return NO_RECENT
  }
}

/**
 * A DHCP lookup started early, from the recent events alone: when the final
 * event list asks for exactly these entities, its answer is the answer and
 * the third round trip is saved.
 */
interface DhcpGuess {
  entities: readonly DhcpEntity[]
  answer: Promise<DhcpByIp | undefined>
}

function guessDhcp(recent: readonly GtiEvent[], ctx: ObserveContext): DhcpGuess | undefined {
  const candidates = recent
    .filter((event) => ctx.allowTestAccounts || !isTestAccount(event.customer_id))
    .map((event) => ({ event }))
  const entities = dhcpEntities(orderAndLimit(candidates, ctx.limit).events)
  if (entities.length === 0) return undefined
  const answer = ctx.upstream.dhcp(ctx.call, entities).then(
    (found) => groupDhcp(found.entity_tracking_bulk_response.dhcp ?? []),
    // A failed guess costs nothing: the exact lookup is made and reports its own failure.
    () => undefined,
  )
  return { entities, answer }
}

function sameEntities(a: readonly DhcpEntity[], b: readonly DhcpEntity[]): boolean {
  return (
    a.length === b.length &&
    a.every((entity, i) => entity.ip === b[i]?.ip && entity.event_time === b[i]?.event_time)
  )
}

async function lookupDhcp(
  observable: Observable,
  events: readonly KeptEvent[],
  guess: Promise<DhcpGuess | undefined>,
  ctx: ObserveContext,
  errors: RelayError[],
): Promise<DhcpByIp> {
  const entities = dhcpEntities(events)
  if (entities.length === 0) return new Map()
  const guessed = await guess
  if (guessed !== undefined && sameEntities(guessed.entities, entities)) {
    const answer = await guessed.answer
    if (answer !== undefined) return answer
  }
  try {
    const answer = await ctx.upstream.dhcp(ctx.call, entities)
    return groupDhcp(answer.entity_tracking_bulk_response.dhcp ?? [])
  } catch (error) {
    errors.push(upstreamFailure(observable, 'DHCP lookup (host names and MAC addresses)', error))
    return new Map()
  }
}

/**
 * Look one observable up. A failure of the detections call fails the
 * observable; every other failure costs only its own part, with a warning.
 */
export async function observeOne(
  observable: Observable,
  ctx: ObserveContext,
): Promise<ObservableOutcome> {
  const errors: RelayError[] = []
  // The detections call goes out first: its answer starts the second round trip (the detections'
  // events), so it is the one the answer waits on; the others only ride beside it.
  const chainCall = detectionChain(observable, ctx, errors)
  // Awaited last: the entity lookups add no round trip (v2 rule 7).
  const enrichmentCall = hasEnrichment(observable, ctx.upstream)
    ? askEnrichments(
        observable,
        ctx,
        (what, error) => upstreamFailure(observable, what, error),
        errors,
      )
    : undefined
  const recentCall = recentEvents(observable, ctx, errors)
  // Usually the detections' events are among the recent ones, so the DHCP lookup the final list
  // needs is known as soon as the recent events are: start it beside the detection chain.
  const guess = recentCall.then((recent) => guessDhcp(recent.events, ctx))
  const [chain, recent] = await Promise.allSettled([chainCall, recentCall])
  if (chain.status === 'rejected') {
    // Its calls end with it: the entity and early DHCP lookups asked beside the chain are waited
    // for, so no upstream work outlives the answer (their failures cost nothing here).
    await Promise.allSettled([enrichmentCall, guess.then((early) => early?.answer)])
    // The observable has failed: one error for it, not one per call that went down with it.
    return { errors: [upstreamFailure(observable, 'detections search', chain.reason)] }
  }
  const { attached, judgements } = chain.value
  const attachedUuids = new Set(attached.map((kept) => kept.event.uuid))
  const found = recent.status === 'fulfilled' ? recent.value : NO_RECENT
  const recentKept: KeptEvent[] = found.events
    .filter((event) => !attachedUuids.has(event.uuid))
    .map((event) => ({ event }))
  const shown = [...attached, ...recentKept].filter(
    (kept) => ctx.allowTestAccounts || !isTestAccount(kept.event.customer_id),
  )
  const candidates = shown.filter((kept) => hasValidTimestamp(kept.event))
  if (candidates.length < shown.length) {
    errors.push(
      warning(
        `ThreatINSIGHT returned ${shown.length - candidates.length} event(s) for ${label(observable)} whose timestamp is not an ISO-8601 time between 1970 and 2525; they were left out.`,
      ),
    )
  }
  const { events, hidden } = orderAndLimit(candidates, ctx.limit)
  const dhcpCall = lookupDhcp(observable, events, guess, ctx, errors)
  const enrichments = enrichmentCall === undefined ? undefined : await enrichmentCall
  if (enrichments !== undefined && enrichments.badTimes > 0) {
    errors.push(
      warning(
        `ThreatINSIGHT returned ${enrichments.badTimes} entity record(s) for ${label(observable)} whose first or last seen time is not an ISO-8601 time between 1970 and 2525; they were left out.`,
      ),
    )
  }
  const fitted =
    enrichments === undefined ? undefined : fitEnrichments(enrichments, ctx.limit - events.length)
  // v2 rule 1: what the limit cut here plus what the Events API matched and did not send.
  const hiddenInAll = hidden + found.notReturned + (fitted?.hidden ?? 0)
  if (hiddenInAll > 0) {
    errors.push(
      new RelayError(
        'limit reached',
        `${label(observable)}: ${hiddenInAll} more sighting(s) were found than the entities limit of ${ctx.limit} allows; the newest ${ctx.limit} are shown.`,
      ),
    )
  }
  const dhcp = await dhcpCall
  return {
    findings: { observable, events, dhcp, entities: fitted?.entities },
    judgements,
    errors,
  }
}
