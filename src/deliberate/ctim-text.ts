/**
 * CTIM's string limits: longer upstream text is cut with `…`, never sent over.
 * @module
 */

/** CTIM's largest `title` and `reason`. */
export const MAX_REASON = 1024
/** CTIM's largest URL, id and `source`. */
export const MAX_REFERENCE = 2048
/** CTIM's largest `description`. */
export const MAX_DESCRIPTION = 5000

/** `text` when it fits in `max` characters, else its start and `…` in exactly `max`. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  // Never split a surrogate pair: half a character is not valid text.
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${text.slice(0, end)}…`
}
