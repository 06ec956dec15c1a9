/**
 * The one lookup of an observable's active detections that observe,
 * deliberate and respond share: the same pages with the same URLs, so
 * concurrent lookups of one observable are one upstream call per page.
 * @module
 */
import type { Detection, Rule } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { lookupValue } from '../observables/observable-value.ts'
import type { DetectionsCall, DetectionsUpstream } from './upstream.ts'

/** Detections asked per page; ThreatINSIGHT documents 1000 as the largest page. */
export const DETECTIONS_PAGE_SIZE = 1000

/** Every page read, joined. */
export interface ActiveDetections {
  /** In the order of the pages. */
  detections: Detection[]
  /** Rules of every page, by uuid (the first copy wins). */
  rules: Map<string, Rule>
  /** Detections ThreatINSIGHT has beyond what was read (the cap hid them). */
  hidden: number
}

/**
 * Read the observable's active detections page by page while
 * `offset + count < total_count`, at most `maxDetections` in all. A page that
 * comes back empty ends the paging whatever `total_count` says.
 */
export async function lookupActiveDetections(
  upstream: DetectionsUpstream,
  call: DetectionsCall,
  observable: Observable,
  maxDetections: number,
): Promise<ActiveDetections> {
  // Every caller asks with the same canonical value, so their pages are one upstream call.
  const value = lookupValue(observable)
  const detections: Detection[] = []
  const rules = new Map<string, Rule>()
  let total = 0
  for (let offset = 0; offset < maxDetections; ) {
    const limit = Math.min(DETECTIONS_PAGE_SIZE, maxDetections - offset)
    const page = await upstream.detectionsPage(call, { value, offset, limit })
    for (const rule of page.rules ?? []) if (!rules.has(rule.uuid)) rules.set(rule.uuid, rule)
    detections.push(...page.detections)
    offset += page.detections.length
    // An answer without a total is taken as complete.
    total = typeof page.total_count === 'number' ? page.total_count : offset
    if (page.detections.length === 0 || offset >= total) break
  }
  return { detections, rules, hidden: Math.max(0, total - detections.length) }
}
