/**
 * MITRE ATT&CK references of a detection rule (observe.md v2 rule 4).
 * @module
 */
import type { ExternalReference } from './types.ts'

/** The `source_name` of an ATT&CK reference. */
export const ATTACK_SOURCE = 'MITRE ATT&CK'

// CTIM's limit of ids and URLs: a technique id is a few characters, anything longer is cut, so a
// judgement (which is not cut as a whole like an indicator) stays valid too.
const MAX = 2048
const cut = (text: string): string => (text.length <= MAX ? text : `${text.slice(0, MAX - 1)}…`)

// Technique ids as MITRE writes them: T1234, or T1234.001 for a sub-technique.
const TECHNIQUE = /^T\d{4}(?:\.\d{3})?$/i

/** The ATT&CK fields a rule may carry. */
export interface AttackIds {
  primary_attack_id?: unknown
  secondary_attack_id?: unknown
  [field: string]: unknown
}

/** `https://attack.mitre.org/techniques/<id with . as />/`; the id is path-encoded. */
export function attackUrl(id: string): string {
  const path = id.split('.').map(encodeURIComponent).join('/')
  return `https://attack.mitre.org/techniques/${path}/`
}

/**
 * One reference per non-empty `primary_attack_id` then `secondary_attack_id`
 * (a repeated id once). Ids that are not technique ids are still linked: the
 * rule named them, and MITRE's site answers for tactics and groups too.
 */
export function attackReferences(rule: AttackIds): ExternalReference[] {
  const references: ExternalReference[] = []
  const seen = new Set<string>()
  for (const [role, value] of [
    ['primary', rule.primary_attack_id],
    ['secondary', rule.secondary_attack_id],
  ] as const) {
    if (typeof value !== 'string') continue
    const id = value.trim()
    if (id === '' || seen.has(id)) continue
    seen.add(id)
    const kind = TECHNIQUE.test(id) ? 'technique' : 'entry'
    references.push({
      source_name: ATTACK_SOURCE,
      description: `The MITRE ATT&CK ${kind} this rule names as its ${role} one.`,
      external_id: cut(id),
      url: cut(attackUrl(id)),
    })
  }
  return references
}
