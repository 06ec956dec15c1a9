/**
 * A sighting per passive DNS record (observe v2 rule 7): the customer's
 * sensors saw a name resolve to an address (or another name).
 * @module
 */

import { iqlString } from '../gti/iql.ts'
import type { PdnsRecord } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { SOURCE } from './constants.ts'
import { entityObservedTime } from './entity-time.ts'
import { escapeMarkdown } from './markdown.ts'
import { searchUrl } from './portal-links.ts'
import { newSighting } from './sighting-core.ts'
import type { ExternalReference, MappingContext, ObservedRelation, Sighting } from './types.ts'

const PDNS_REFERENCE =
  'A portal search for the events of this domain, including the DNS answers this record summarises.'

/** The observable type of a record's answer by record type; other types have no relation. */
const ANSWER_TYPE: Readonly<Record<string, string>> = { A: 'ip', AAAA: 'ipv6', CNAME: 'domain' }

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined

/** The name that resolved and what it resolved to, as the observable's type reads the record. */
export function pdnsResolution(
  record: PdnsRecord,
  observable: Observable,
): { domain: string | undefined; answer: string | undefined } {
  const resolved = text(record.resolved)
  // Asked by name, `resolved` is the answer; asked by address, it is the name that led there.
  return observable.type === 'domain'
    ? { domain: observable.value, answer: resolved }
    : { domain: resolved, answer: observable.value }
}

function relationOf(
  record: PdnsRecord,
  observable: Observable,
  domain: string | undefined,
  answer: string | undefined,
): ObservedRelation | undefined {
  const recordType = text(record.record_type)?.toUpperCase()
  const answerType = recordType === undefined ? undefined : ANSWER_TYPE[recordType]
  if (answerType === undefined || domain === undefined || answer === undefined) return undefined
  // A name pointing at an address never answers a CNAME question about that address.
  if (answerType === 'domain' && observable.type !== 'domain') return undefined
  return {
    origin: SOURCE,
    source: { type: 'domain', value: domain },
    relation: 'Resolved_To',
    related: { type: answerType, value: answer },
  }
}

/**
 * Maps one passive DNS record to a sighting of `observable`, or undefined when
 * its times are not CTIM times. `sensor` is the record's sensor when given.
 */
export function mapPdnsSighting(
  record: PdnsRecord,
  observable: Observable,
  ctx: MappingContext,
): Sighting | undefined {
  const observedTime = entityObservedTime(record.first_seen, record.last_seen)
  if (observedTime === undefined) return undefined
  const { domain, answer } = pdnsResolution(record, observable)
  const recordType = text(record.record_type)?.toUpperCase()
  const subject = domain ?? observable.value
  const reference: ExternalReference = {
    source_name: SOURCE,
    description: PDNS_REFERENCE,
    external_id: subject,
    url: searchUrl(ctx.portalUrl, `domain = ${iqlString(subject)}`),
  }
  const kind = recordType === undefined ? '' : ` (${escapeMarkdown(recordType)} record)`
  const description =
    domain !== undefined && answer !== undefined
      ? `ThreatINSIGHT saw **${escapeMarkdown(domain)}** resolve to **${escapeMarkdown(answer)}**${kind} in passive DNS.`
      : `ThreatINSIGHT saw a DNS record${kind} for **${escapeMarkdown(subject)}** in passive DNS.`
  const sighting = newSighting(
    { observable, observedTime, references: [reference], sourceUri: reference.url, description },
    ctx,
  )
  const sensor = text(record.sensor_id)
  if (sensor !== undefined) sighting.sensor = sensor
  const relation = relationOf(record, observable, domain, answer)
  if (relation !== undefined) sighting.relations = [relation]
  return sighting
}
