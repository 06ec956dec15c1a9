/**
 * Steps 4 and 5 of observe.md: summary counts per (rule, account) and the
 * events attached to each detection.
 * @module
 */

import { isNonEmpty } from '../ctim/fields.ts'
import type { DetectionSummary, KeptEvent } from '../ctim/findings.ts'
import type { Detection, GtiEvent, Rule } from '../gti/schemas.ts'
import { comparable, indicatorPath, walkPath } from './event-paths.ts'

/** A detection kept by steps 1-2, with its rule and (when its call succeeded) its events. */
export interface DetectionWithEvents {
  detection: Detection
  rule: Rule
  /** Events of the detection's events call in answer order; empty when it failed. */
  events: readonly GtiEvent[]
}

/** Distinct members of a value set, keyed so `1` and `'1'` stay apart as in the source data. */
function valueKey(value: unknown): string {
  return typeof value === 'string' ? `s:${value}` : `j:${JSON.stringify(value) ?? String(value)}`
}

/** The kept paths of one detection: its indicator fields that end in a supported type. */
export function keptPaths(detection: Detection): (readonly string[])[] {
  const paths: (readonly string[])[] = []
  for (const indicator of detection.indicators ?? []) {
    const path = indicatorPath(indicator.field)
    if (path !== undefined) paths.push(path)
  }
  return paths
}

/**
 * Step 4: `impacted devices` and `indicator values` per (rule uuid, account
 * uuid), over every detection kept by step 2.
 */
export function summarize(detections: readonly Detection[]): (d: Detection) => DetectionSummary {
  const devices = new Map<string, Set<string>>()
  const values = new Map<string, Set<string>>()
  const keyOf = (d: Detection) => JSON.stringify([d.rule_uuid, d.account_uuid ?? null])
  for (const detection of detections) {
    const key = keyOf(detection)
    const deviceSet = devices.get(key) ?? new Set<string>()
    const valueSet = values.get(key) ?? new Set<string>()
    devices.set(key, deviceSet)
    values.set(key, valueSet)
    if (isNonEmpty(detection.device_ip)) deviceSet.add(String(detection.device_ip))
    for (const indicator of detection.indicators ?? []) {
      if (indicatorPath(indicator.field) === undefined) continue
      for (const value of indicator.values ?? []) valueSet.add(valueKey(value))
    }
  }
  return (detection) => {
    const key = keyOf(detection)
    return {
      impactedDevices: devices.get(key)?.size ?? 0,
      indicatorValues: values.get(key)?.size ?? 0,
    }
  }
}

/**
 * Step 5: each detection's events whose own kept paths lead to the observed
 * value, in detection order then answer order. An event attached to two
 * detections appears twice. `value` is the exact value, or a matcher for
 * types compared otherwise (v2 rule 6: canonical IPv6, email in any case).
 */
export function attachEvents(
  value: string | ((found: string) => boolean),
  detections: readonly DetectionWithEvents[],
  summaryOf: (d: Detection) => DetectionSummary,
): KeptEvent[] {
  const attached: KeptEvent[] = []
  const isValue = typeof value === 'string' ? (found: string) => found === value : value
  for (const { detection, rule, events } of detections) {
    const paths = keptPaths(detection)
    if (paths.length === 0) continue
    const summary = summaryOf(detection)
    for (const event of events) {
      const matches = paths.some((path) =>
        walkPath(event, path).some((found) => {
          const text = comparable(found)
          return text !== undefined && isValue(text)
        }),
      )
      if (matches) attached.push({ event, attached: { detection, rule, summary } })
    }
  }
  return attached
}
