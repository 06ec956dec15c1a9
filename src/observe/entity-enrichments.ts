/**
 * Observe v2 rule 7: the Entity API v1 lookups asked beside the detection
 * chain and the events query (passive DNS for names and addresses, the file
 * entity for hashes). Each failure costs only its own sightings, with a
 * warning; "nothing known" (404, an empty file) is no failure.
 * @module
 */

import { parseIsoInstant } from '../ctim/ctim-time.ts'
import { entityObservedTime } from '../ctim/entity-time.ts'
import type { EntityFindings } from '../ctim/findings.ts'
import { isTestAccount } from '../detections/test-accounts.ts'
import type { RelayError } from '../errors/relay-error.ts'
import { GtiError } from '../gti/gti-error.ts'
import type { FileEntity, PdnsRecord } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { lookupValue } from '../observables/observable-value.ts'
import type { ObserveUpstream, UpstreamCall } from './upstream.ts'

const DAY_MS = 24 * 60 * 60 * 1000
const PDNS_TYPES: ReadonlySet<string> = new Set(['domain', 'ip', 'ipv6'])
const FILE_TYPES: ReadonlySet<string> = new Set(['md5', 'sha1', 'sha256'])

/** What the enrichment lookups need; the observe context of one observable extends it. */
export interface EnrichmentContext {
  upstream: ObserveUpstream
  call: UpstreamCall
  /** Entities limit from the token (1..1000). */
  limit: number
  allowTestAccounts: boolean
  lookbackDays: number
  nowMs: number
}

/** What the lookups found, before the entities limit; `badTimes` counts what was dropped for its times. */
export interface Enrichments {
  pdns: PdnsRecord[]
  file: FileEntity | undefined
  badTimes: number
}

const NOTHING: Enrichments = { pdns: [], file: undefined, badTimes: 0 }

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

const notFound = (error: unknown): boolean => error instanceof GtiError && error.status === 404

function allowed(
  record: { account_uuid?: unknown; customer_id?: unknown },
  ctx: EnrichmentContext,
) {
  return (
    ctx.allowTestAccounts ||
    !(isTestAccount(record.account_uuid) || isTestAccount(record.customer_id))
  )
}

function newestFirst(records: PdnsRecord[]): PdnsRecord[] {
  const keyed = records.map((record, index) => {
    const time = entityObservedTime(record.first_seen, record.last_seen)
    return { record, index, ms: time === undefined ? 0 : (parseIsoInstant(time.end_time) ?? 0) }
  })
  keyed.sort((a, b) => b.ms - a.ms || a.index - b.index)
  return keyed.map((entry) => entry.record)
}

/** Whether an observable type has an entity enrichment at all (no call is made otherwise). */
export function hasEnrichment(observable: Observable, upstream: ObserveUpstream): boolean {
  return (
    (PDNS_TYPES.has(observable.type) && upstream.entityPdns !== undefined) ||
    (FILE_TYPES.has(observable.type) && upstream.entityFile !== undefined)
  )
}

/**
 * Asks the Entity API v1 about `observable`; `fail` turns an upstream failure
 * into the observable's warning. Test-account records are filtered and records
 * whose times CTIM refuses are counted and dropped.
 */
export async function askEnrichments(
  observable: Observable,
  ctx: EnrichmentContext,
  fail: (what: string, error: unknown) => RelayError,
  errors: RelayError[],
): Promise<Enrichments> {
  const value = lookupValue(observable)
  const { entityPdns, entityFile } = ctx.upstream
  if (PDNS_TYPES.has(observable.type) && entityPdns !== undefined) {
    try {
      const answer = await entityPdns(ctx.call, value, {
        startDate: day(ctx.nowMs - ctx.lookbackDays * DAY_MS),
        endDate: day(ctx.nowMs),
        limit: ctx.limit,
      })
      const shown = (answer.passivedns ?? []).filter((record) => allowed(record, ctx))
      const timed = shown.filter(
        (record) => entityObservedTime(record.first_seen, record.last_seen) !== undefined,
      )
      return { pdns: newestFirst(timed), file: undefined, badTimes: shown.length - timed.length }
    } catch (error) {
      if (!notFound(error)) errors.push(fail('passive DNS lookup', error))
      return NOTHING
    }
  }
  if (FILE_TYPES.has(observable.type) && entityFile !== undefined) {
    try {
      const file = (await entityFile(ctx.call, value)).file
      if (file === undefined || file === null || Object.keys(file).length === 0) return NOTHING
      if (!allowed(file, ctx)) return NOTHING
      if (entityObservedTime(file.first_seen, file.last_seen) === undefined) {
        return { ...NOTHING, badTimes: 1 }
      }
      return { pdns: [], file, badTimes: 0 }
    } catch (error) {
      if (!notFound(error)) errors.push(fail('file lookup', error))
      return NOTHING
    }
  }
  return NOTHING
}

/** The enrichments that fit in `room` sightings (passive DNS first), and how many did not. */
export function fitEnrichments(
  found: Enrichments,
  room: number,
): { entities: EntityFindings; hidden: number } {
  const space = Math.max(0, room)
  const pdns = found.pdns.slice(0, space)
  const file = found.file !== undefined && pdns.length < space ? found.file : undefined
  const total = found.pdns.length + (found.file === undefined ? 0 : 1)
  const kept = pdns.length + (file === undefined ? 0 : 1)
  return { entities: { pdns, file }, hidden: total - kept }
}
