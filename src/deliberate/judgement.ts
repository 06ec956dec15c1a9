/**
 * One CTIM judgement per (observable, rule) with kept detections
 * (deliberate.md, Judgement).
 * @module
 */
import { attackReferences, mapSeverity, ruleUrl, SCHEMA_VERSION, SOURCE } from '../ctim/index.ts'
import type { KeptDetection } from '../detections/keep-detections.ts'
import type { Rule } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { cutText, MAX_REASON, MAX_REFERENCE } from './ctim-text.ts'
import type {
  Disposition,
  DispositionName,
  HighMedLow,
  Judgement,
  JudgementContext,
} from './types.ts'
import { uuidV5 } from './uuid-v5.ts'
import { judgementValidTime } from './valid-time.ts'

const RULE_PAGE = 'The ThreatINSIGHT detection rule behind this judgement, with its detections.'

/** `transient:judgement-<uuid v5 of the rule uuid and type:value>`: the same on every call. */
export function judgementId(ruleUuid: string, observable: Observable): string {
  return `transient:judgement-${uuidV5(`${ruleUuid}\n${observable.type}:${observable.value}`)}`
}

/** Malicious when the rule's confidence is high and its severity high or moderate. */
export function dispositionOf(rule: Rule): { disposition: Disposition; name: DispositionName } {
  const severity = mapSeverity(rule.severity)
  const malicious =
    mapSeverity(rule.confidence) === 'High' && (severity === 'High' || severity === 'Medium')
  return malicious ? { disposition: 2, name: 'Malicious' } : { disposition: 3, name: 'Suspicious' }
}

/** Severity high 90, moderate 85, low 80, anything else 75 (below the 95 analysts use). */
export function priorityOf(rule: Rule): number {
  switch (mapSeverity(rule.severity)) {
    case 'High':
      return 90
    case 'Medium':
      return 85
    case 'Low':
      return 80
    default:
      return 75
  }
}

/**
 * The rule's confidence in CTIM's `HighMedLow`. `critical` maps to `Critical` for
 * severities, a word the confidence vocabulary lacks: it becomes `High` here.
 */
export function confidenceOf(rule: Rule): HighMedLow {
  const mapped = mapSeverity(rule.confidence)
  if (mapped === undefined) return 'Unknown'
  return mapped === 'Critical' ? 'High' : mapped
}

function reasonOf(rule: Rule, detections: readonly KeptDetection[], accounts: number): string {
  const name = typeof rule.name === 'string' && rule.name !== '' ? rule.name : `Rule ${rule.uuid}`
  const counts = ` (${detections.length} active detection(s) in ${accounts} account(s))`
  // The counts are what the analyst needs; a long name gives way to them.
  return `${cutText(name, MAX_REASON - counts.length)}${counts}`
}

/** The judgement of one rule for one observable, or `undefined` when it is no longer valid. */
export function mapJudgement(
  observable: Observable,
  rule: Rule,
  detections: readonly KeptDetection[],
  ctx: JudgementContext,
): Judgement | undefined {
  const validTime = judgementValidTime(
    detections.map((kept) => kept.detection),
    ctx.validDays,
    ctx.nowMs,
  )
  // An old detection nobody resolved is not a current verdict.
  if (Date.parse(validTime.end_time) <= ctx.nowMs) return undefined
  const accounts = new Set(detections.map((kept) => kept.detection.account_uuid ?? ''))
  const only = accounts.size === 1 ? [...accounts][0] : undefined
  const page = cutText(ruleUrl(ctx.portalUrl, rule.uuid), MAX_REFERENCE)
  const { disposition, name } = dispositionOf(rule)
  return {
    type: 'judgement',
    id: judgementId(rule.uuid, observable),
    schema_version: SCHEMA_VERSION,
    observable: { type: observable.type, value: observable.value },
    source: SOURCE,
    source_uri: page,
    disposition,
    disposition_name: name,
    priority: priorityOf(rule),
    severity: mapSeverity(rule.severity) ?? 'Unknown',
    confidence: confidenceOf(rule),
    valid_time: validTime,
    reason: reasonOf(rule, detections, accounts.size),
    reason_uri: cutText(ruleUrl(ctx.portalUrl, rule.uuid, only), MAX_REFERENCE),
    external_ids: [cutText(rule.uuid, MAX_REFERENCE)],
    external_references: [
      {
        source_name: SOURCE,
        description: RULE_PAGE,
        external_id: cutText(rule.uuid, MAX_REFERENCE),
        url: page,
      },
      ...attackReferences(rule),
    ],
    tlp: 'amber',
  }
}
