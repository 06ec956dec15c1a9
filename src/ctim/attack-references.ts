/**
 * MITRE ATT&CK references of a detection rule (observe.md v2 rule 4): one per
 * non-empty `primary_attack_id` / `secondary_attack_id`, on indicators and judgements.
 * @module
 */
import type { Rule } from '../gti/schemas.ts'
import type { ExternalReference } from './types.ts'
import { encodePathSegment } from './url-encoding.ts'

const ATTACK_ID_FIELDS = ['primary_attack_id', 'secondary_attack_id'] as const
// CTIM's limit of ids and URLs; a technique id is a few characters, anything longer is cut.
const MAX = 2048

const cut = (text: string): string => (text.length <= MAX ? text : `${text.slice(0, MAX - 1)}…`)

/** `https://attack.mitre.org/techniques/<id, . replaced by />/`, e.g. T1071.001 → T1071/001/. */
export function attackUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.split('.').map(encodePathSegment).join('/')}/`
}

/** The rule's ATT&CK techniques as external references, primary first, each id once. */
export function attackReferences(rule: Rule): ExternalReference[] {
  const ids = ATTACK_ID_FIELDS.map((field) => rule[field]).filter(
    (id): id is string => typeof id === 'string' && id.trim() !== '',
  )
  return [...new Set(ids)].map((id) => ({
    source_name: 'MITRE ATT&CK',
    description: 'The MITRE ATT&CK technique the detection rule names.',
    external_id: cut(id),
    url: cut(attackUrl(id)),
  }))
}
