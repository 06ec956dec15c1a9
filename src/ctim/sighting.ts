/**
 * One CTIM sighting per kept event (observe.md, Sighting).
 * @module
 */

import type { Observable } from '../observables/observable.ts'
import { SOURCE } from './constants.ts'
import { buildDataTable } from './data-table.ts'
import type { DhcpByIp, KeptEvent } from './findings.ts'
import { escapeMarkdown } from './markdown.ts'
import { eventSearchUrl, ruleUrl } from './portal-links.ts'
import { buildRelations } from './relations.ts'
import { mapSeverity } from './severity.ts'
import { newSighting } from './sighting-core.ts'
import { buildTargets } from './targets.ts'
import type { ExternalReference, MappingContext, ObservedTime, Sighting } from './types.ts'

const EVENT_REFERENCE =
  'The ThreatINSIGHT event behind this sighting. The link opens a portal search for this event.'
const RULE_REFERENCE =
  'The ThreatINSIGHT detection rule this event matched. The link opens the rule page, ' +
  "with its detection history, for the detection's account."

function describe({ event, attached }: KeptEvent): string {
  const eventType = typeof event.event_type === 'string' ? event.event_type : ''
  const lines = [
    eventType === ''
      ? 'Gigamon ThreatINSIGHT recorded a network event of unknown type.'
      : `Gigamon ThreatINSIGHT recorded a network event of type **${escapeMarkdown(eventType)}**.`,
  ]
  if (attached !== undefined) {
    const name = attached.rule.name
    lines.push(
      name
        ? `It is evidence for a detection of the rule **${escapeMarkdown(name)}**.`
        : `It is evidence for a detection of the rule with UUID ${escapeMarkdown(attached.rule.uuid)}.`,
    )
  }
  return lines.join('\n\n')
}

/**
 * Maps one kept event to a sighting of `observable`. Attached events also carry
 * the rule (external id and reference, severity, table columns); fields whose
 * source is null are left out. The id is `transient:sighting-<ctx.newId()>`.
 */
export function mapSighting(
  kept: KeptEvent,
  observable: Observable,
  dhcp: DhcpByIp,
  ctx: MappingContext,
): Sighting {
  const { event, attached } = kept
  const observedTime: ObservedTime = { start_time: event.timestamp, end_time: event.timestamp }

  const eventReference: ExternalReference = {
    source_name: SOURCE,
    description: EVENT_REFERENCE,
    external_id: event.uuid,
    url: eventSearchUrl(ctx.portalUrl, event.uuid),
  }
  const ruleReference: ExternalReference | undefined = attached && {
    source_name: SOURCE,
    description: RULE_REFERENCE,
    external_id: attached.rule.uuid,
    url: ruleUrl(ctx.portalUrl, attached.rule.uuid, attached.detection.account_uuid),
  }
  const references = ruleReference ? [eventReference, ruleReference] : [eventReference]

  const sighting = newSighting(
    {
      observable,
      observedTime,
      references,
      sourceUri: (ruleReference ?? eventReference).url,
      description: describe(kept),
    },
    ctx,
  )

  if (typeof event.sensor_id === 'string') sighting.sensor = event.sensor_id
  const severity = attached === undefined ? undefined : mapSeverity(attached.rule.severity)
  if (severity !== undefined) sighting.severity = severity
  const data = buildDataTable(event, attached)
  if (data !== undefined) sighting.data = data
  const max = ctx.maxRelationsPerSighting ?? Number.POSITIVE_INFINITY
  // One past the cap tells a cut from an event that has exactly `max` relations.
  const relations = buildRelations(event, observable, max + 1)
  if (relations.length > max) {
    relations.length = max
    ctx.onRelationsCut?.()
  }
  if (relations.length > 0) sighting.relations = relations
  const targets = buildTargets(event, observedTime, dhcp)
  if (targets.length > 0) sighting.targets = targets

  return sighting
}
