/**
 * All judgements of one observable and its verdict, from its kept detections.
 * @module
 */
import type { KeptDetection } from '../detections/keep-detections.ts'
import type { Observable } from '../observables/observable.ts'
import { mapJudgement } from './judgement.ts'
import type { JudgementContext, ObservableJudgements } from './types.ts'
import { decidingOrder, mapVerdict } from './verdict.ts'

/**
 * One judgement per rule of the kept detections, deciding judgement first;
 * the verdict from that one. No kept detection, or none still valid: nothing.
 */
export function mapJudgements(
  observable: Observable,
  kept: readonly KeptDetection[],
  ctx: JudgementContext,
): ObservableJudgements {
  const byRule = new Map<string, KeptDetection[]>()
  for (const entry of kept) {
    const list = byRule.get(entry.rule.uuid)
    if (list === undefined) byRule.set(entry.rule.uuid, [entry])
    else list.push(entry)
  }
  const judgements = [...byRule.values()]
    .map((entries) => mapJudgement(observable, (entries[0] as KeptDetection).rule, entries, ctx))
    .filter((judgement) => judgement !== undefined)
    .sort(decidingOrder)
  const deciding = judgements[0]
  return deciding === undefined ? { judgements } : { judgements, verdict: mapVerdict(deciding) }
}
