/**
 * Builders shared by the CTIM tests (not a test itself).
 * @module
 */

import type { AttachedDetection } from '../../src/ctim/findings.ts'
import type { MappingContext } from '../../src/ctim/types.ts'
import { type GtiEvent, GtiEventSchema, type Rule } from '../../src/gti/schemas.ts'

/** The default portal of observe.md. */
export const PORTAL = 'https://portal.icebrg.io'

/** A context whose ids are uuid v4s counting up from 1, so tests are deterministic. */
export function counterContext(portalUrl = PORTAL): MappingContext {
  let issued = 0
  return {
    portalUrl,
    newId: () => {
      issued += 1
      return `00000000-0000-4000-8000-${issued.toString(16).padStart(12, '0')}`
    },
  }
}

/** A schema-valid event with a fixed uuid and timestamp, overridden by `fields`. */
export function makeEvent(fields: Record<string, unknown> = {}): GtiEvent {
  return GtiEventSchema.parse({
    uuid: 'e0000000-0000-4000-8000-000000000001',
    timestamp: '2024-01-02T03:04:05.678Z',
    ...fields,
  })
}

/** A rule with every field set, overridden by `fields`. */
export function makeRule(fields: Partial<Rule> = {}): Rule {
  return {
    uuid: 'r0000000-0000-4000-8000-000000000001',
    name: 'Suspicious Executable File',
    category: 'Attack:Installation',
    description: 'Detects executables fetched over HTTP.',
    severity: 'moderate',
    confidence: 'low',
    created: '2020-05-04T21:39:41.696Z',
    ...fields,
  }
}

/** A detection of `rule` with a summary of 2 devices and 5 values. */
export function makeAttached(
  rule: Rule = makeRule(),
  accountUuid: string | null = 'acct-1',
): AttachedDetection {
  return {
    detection: { uuid: `d-${rule.uuid}`, rule_uuid: rule.uuid, account_uuid: accountUuid },
    rule,
    summary: { impactedDevices: 2, indicatorValues: 5 },
  }
}
