/**
 * The observe workflow of observe.md for one observable: the detection chain
 * and the recent-events query run side by side, then attach, filter, order,
 * limit and look up DHCP.
 * @module
 */

import type { DhcpByIp, KeptEvent, ObservableFindings } from '../ctim/findings.ts'
import { RelayError } from '../errors/relay-error.ts'
import type { Detection, GtiEvent, Rule } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { quoteValue } from '../observables/quote-value.ts'
import { attachEvents, type DetectionWithEvents, summarize } from './attach-events.ts'
import { pickDetections, type RequestCallBudget } from './detection-budget.ts'
import { dhcpEntities, groupDhcp } from './dhcp-targets.ts'
import { iqlFilter, lookbackWindow } from './events-query.ts'
import { orderAndLimit } from './order-events.ts'
import { isTestAccount } from './test-accounts.ts'
import type { DhcpEntity, ObserveUpstream, UpstreamCall } from './upstream.ts'

/** Everything one observable's lookup depends on. */
export interface ObserveContext {
  upstream: ObserveUpstream
  call: UpstreamCall
  /** Entities limit from the token (1..1000). */
  limit: number
  allowTestAccounts: boolean
  lookbackDays: number
  nowMs: number
  /** Events calls allowed for this observable's detections (before the entities limit). */
  maxDetectionCalls?: number
  /** Events calls left for the whole request, shared by its observables. */
  requestCalls?: RequestCallBudget
}

/** The findings of one observable (absent when its lookup failed) and its errors. */
export interface ObservableOutcome {
  findings?: ObservableFindings
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
      { cause: error, type: 'warning' },
    )
  }
  return new RelayError(
    'internal error',
    `ThreatINSIGHT ${what} for ${label(observable)} failed unexpectedly.`,
    { cause: error, type: 'warning' },
  )
}

function warning(message: string): RelayError {
  return new RelayError('unexpected response', message, { type: 'warning' })
}

async function detectionChain(
  observable: Observable,
  ctx: ObserveContext,
  errors: RelayError[],
): Promise<KeptEvent[]> {
  const answer = await ctx.upstream.detections(ctx.call, observable.value)
  const rules = new Map<string, Rule>()
  for (const rule of answer.rules ?? []) if (!rules.has(rule.uuid)) rules.set(rule.uuid, rule)

  const kept: { detection: Detection; rule: Rule }[] = []
  for (const detection of answer.detections) {
    if (!ctx.allowTestAccounts && isTestAccount(detection.account_uuid)) continue
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
        { type: 'warning' },
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
  return attachEvents(observable.value, withEvents, summaryOf)
}

async function recentEvents(
  observable: Observable,
  ctx: ObserveContext,
  errors: RelayError[],
): Promise<GtiEvent[]> {
  if (!ctx.upstream.hasEvents) return []
  try {
    const answer = await ctx.upstream.queryEvents(ctx.call, {
      query: iqlFilter(observable),
      ...lookbackWindow(ctx.nowMs, ctx.lookbackDays),
      limit: ctx.limit,
    })
    return answer.events
  } catch (error) {
    errors.push(upstreamFailure(observable, 'events search', error))
    return []
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
  const recentCall = recentEvents(observable, ctx, errors)
  // Usually the detections' events are among the recent ones, so the DHCP lookup the final list
  // needs is known as soon as the recent events are: start it beside the detection chain.
  const guess = recentCall.then((recent) => guessDhcp(recent, ctx))
  const [chain, recent] = await Promise.allSettled([
    detectionChain(observable, ctx, errors),
    recentCall,
  ])
  if (chain.status === 'rejected') {
    // The observable has failed: one error for it, not one per call that went down with it.
    return { errors: [upstreamFailure(observable, 'detections search', chain.reason)] }
  }
  const attached = chain.value
  const attachedUuids = new Set(attached.map((kept) => kept.event.uuid))
  const recentKept: KeptEvent[] = (recent.status === 'fulfilled' ? recent.value : [])
    .filter((event) => !attachedUuids.has(event.uuid))
    .map((event) => ({ event }))
  const candidates = [...attached, ...recentKept].filter(
    (kept) => ctx.allowTestAccounts || !isTestAccount(kept.event.customer_id),
  )
  const { events, hidden } = orderAndLimit(candidates, ctx.limit)
  if (hidden > 0) {
    errors.push(
      new RelayError(
        'limit reached',
        `${label(observable)}: ${hidden} more event(s) were found than the entities limit of ${ctx.limit} allows; the newest ${ctx.limit} are shown.`,
        { type: 'warning' },
      ),
    )
  }
  const dhcp = await lookupDhcp(observable, events, guess, ctx, errors)
  return { findings: { observable, events, dhcp }, errors }
}
