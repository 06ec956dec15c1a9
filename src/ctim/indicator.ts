/**
 * One CTIM indicator per detection rule (observe.md, Indicator).
 * @module
 */
import type { Rule } from '../gti/schemas.ts'
import { attackReferences } from './attack-references.ts'
import { SCHEMA_VERSION, SOURCE } from './constants.ts'
import { isCtimTime } from './ctim-time.ts'
import { sanitizeMarkdown } from './markdown.ts'
import { ruleUrl } from './portal-links.ts'
import { mapConfidence, mapSeverity } from './severity.ts'
import type { Indicator, MappingContext } from './types.ts'

const RULE_REFERENCE =
  'The ThreatINSIGHT detection rule. The link opens the rule page in the portal, ' +
  'with a summary of its detections.'

/** The stable id of a rule's indicator, so one rule is one indicator in an answer. */
export function indicatorId(ruleUuid: string): string {
  return `transient:indicator-${ruleUuid}`
}

/**
 * Maps a rule to its indicator. Rule fields that are null or absent are left out
 * (`valid_time` stays `{}`, as CTIM requires the object); an empty `category`, like
 * the original, gives `tags: ['']`. Unmapped severity and confidence words give `Unknown`.
 * The rule's ATT&CK technique ids follow the rule page as references (v2 rule 4).
 */
export function mapIndicator(rule: Rule, ctx: Pick<MappingContext, 'portalUrl'>): Indicator {
  const url = ruleUrl(ctx.portalUrl, rule.uuid)
  const indicator: Indicator = {
    type: 'indicator',
    id: indicatorId(rule.uuid),
    schema_version: SCHEMA_VERSION,
    producer: SOURCE,
    source: SOURCE,
    // A creation time CTIM would refuse is left out (v2 rule 5).
    valid_time: isCtimTime(rule.created) ? { start_time: rule.created } : {},
    confidence: mapConfidence(rule.confidence),
    severity: mapSeverity(rule.severity) ?? 'Unknown',
    external_ids: [rule.uuid],
    external_references: [
      { source_name: SOURCE, description: RULE_REFERENCE, external_id: rule.uuid, url },
      // observe.md v2 rule 4: the rule's ATT&CK techniques after the rule page.
      ...attackReferences(rule),
    ],
    source_uri: url,
  }
  // Rule descriptions are written by customers: their markup must not carry HTML or script links.
  if (typeof rule.description === 'string') {
    indicator.description = sanitizeMarkdown(rule.description)
  }
  if (typeof rule.name === 'string') {
    indicator.short_description = rule.name
    indicator.title = rule.name
  }
  if (typeof rule.category === 'string') indicator.tags = [rule.category]
  return indicator
}
