/**
 * CTIM's string length limits (observe.md v2 rule 5): whatever upstream
 * sends, an entity leaves the relay with every limited string within bounds.
 * @module
 */

/** The mark put at the end of a cut string. */
export const CUT_MARK = '…'

/** `title`, each of `tags`, `reason`, `producer`. */
export const SHORT_STRING_MAX = 1024
/** `short_description`, URLs, ids and references, `source`, `source_name`. */
export const MEDIUM_STRING_MAX = 2048
/** Markdown `description`. */
export const LONG_STRING_MAX = 5000

/**
 * `value` when it fits in `max` UTF-16 units (how CTIM counts), else its start
 * followed by {@link CUT_MARK}, `max` units in all. A surrogate pair is never split.
 */
export function cutText(value: string, max: number): string {
  if (value.length <= max) return value
  let end = Math.max(0, max - CUT_MARK.length)
  const last = value.charCodeAt(end - 1)
  // A high surrogate left alone at the end would be half a character.
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${value.slice(0, end)}${CUT_MARK}`
}

const FIELD_MAX: Readonly<Record<string, number>> = {
  title: SHORT_STRING_MAX,
  reason: SHORT_STRING_MAX,
  producer: SHORT_STRING_MAX,
  short_description: MEDIUM_STRING_MAX,
  source: MEDIUM_STRING_MAX,
  source_uri: MEDIUM_STRING_MAX,
  reason_uri: MEDIUM_STRING_MAX,
  id: MEDIUM_STRING_MAX,
  source_ref: MEDIUM_STRING_MAX,
  target_ref: MEDIUM_STRING_MAX,
  judgement_id: MEDIUM_STRING_MAX,
  description: LONG_STRING_MAX,
}

const REFERENCE_MAX: Readonly<Record<string, number>> = {
  source_name: MEDIUM_STRING_MAX,
  url: MEDIUM_STRING_MAX,
  external_id: MEDIUM_STRING_MAX,
  description: LONG_STRING_MAX,
}

type Fields = Record<string, unknown>

function cutFields(target: Fields, limits: Readonly<Record<string, number>>): void {
  for (const key in limits) {
    const value = target[key]
    const max = limits[key] as number
    if (typeof value === 'string' && value.length > max) target[key] = cutText(value, max)
  }
}

function cutList(list: unknown, max: number): void {
  if (!Array.isArray(list)) return
  for (let i = 0; i < list.length; i++) {
    const value = list[i]
    if (typeof value === 'string' && value.length > max) list[i] = cutText(value, max)
  }
}

/**
 * Cuts, in place, every limited string of a CTIM entity the relay just built:
 * the fields above, `tags`, `external_ids` and each external reference. Ids are
 * cut the same way wherever they appear, so references between entities still
 * match. Returns the entity.
 */
export function fitToCtim<T extends object>(entity: T): T {
  const fields = entity as Fields
  cutFields(fields, FIELD_MAX)
  cutList(fields.tags, SHORT_STRING_MAX)
  cutList(fields.external_ids, MEDIUM_STRING_MAX)
  const references = fields.external_references
  if (Array.isArray(references)) {
    for (const reference of references) {
      if (typeof reference === 'object' && reference !== null) cutFields(reference, REFERENCE_MAX)
    }
  }
  return entity
}
