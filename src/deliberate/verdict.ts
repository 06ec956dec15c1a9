/**
 * The deciding judgement of an observable and the verdict made from it
 * (deliberate.md, Verdict).
 * @module
 */
import type { Judgement, Verdict } from './types.ts'

/**
 * Deciding order: lowest disposition (Malicious first), highest priority, latest
 * `end_time`, smallest rule uuid. Negative when `a` decides before `b`.
 */
export function decidingOrder(a: Judgement, b: Judgement): number {
  if (a.disposition !== b.disposition) return a.disposition - b.disposition
  if (a.priority !== b.priority) return b.priority - a.priority
  const endA = Date.parse(a.valid_time.end_time)
  const endB = Date.parse(b.valid_time.end_time)
  if (endA !== endB) return endB - endA
  const ruleA = a.external_ids[0] ?? ''
  const ruleB = b.external_ids[0] ?? ''
  return ruleA < ruleB ? -1 : ruleA > ruleB ? 1 : 0
}

/** The verdict of the deciding judgement; no id and no schema_version, as CTIM's verdict. */
export function mapVerdict(deciding: Judgement): Verdict {
  return {
    type: 'verdict',
    disposition: deciding.disposition,
    disposition_name: deciding.disposition_name,
    observable: { ...deciding.observable },
    judgement_id: deciding.id,
    valid_time: { ...deciding.valid_time },
  }
}
