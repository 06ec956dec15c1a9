/**
 * Which active detections count for a verdict or a response action
 * (deliberate.md): active, not muted, not of a test account unless allowed,
 * and with their rule in the answer.
 * @module
 */
import type { Detection, Rule } from '../gti/schemas.ts'
import type { ActiveDetections } from './active-detections.ts'
import { isTestAccount } from './test-accounts.ts'

/** A kept detection and its rule. */
export interface KeptDetection {
  detection: Detection
  rule: Rule
}

/** The kept detections, and the uuids of those dropped because their rule was missing. */
export interface KeptDetections {
  kept: KeptDetection[]
  withoutRule: Detection[]
}

const notSet = (value: unknown): boolean => value === undefined || value === null || value === false

/** Muted by the customer: `muted`, `muted_rule` or `muted_device` is set. */
export function isMuted(detection: Detection): boolean {
  return !(
    notSet(detection.muted) &&
    notSet(detection.muted_rule) &&
    notSet(detection.muted_device)
  )
}

/** Apply the keep rules, in the order of the lookup. */
export function keepDetections(
  found: Pick<ActiveDetections, 'detections' | 'rules'>,
  allowTestAccounts: boolean,
): KeptDetections {
  const kept: KeptDetection[] = []
  const withoutRule: Detection[] = []
  for (const detection of found.detections) {
    if (detection.status !== 'active' || isMuted(detection)) continue
    if (!allowTestAccounts && isTestAccount(detection.account_uuid)) continue
    const rule = found.rules.get(detection.rule_uuid)
    if (rule === undefined) withoutRule.push(detection)
    else kept.push({ detection, rule })
  }
  return { kept, withoutRule }
}
