/**
 * Observable values quoted for messages an analyst reads.
 * @module
 */

/** A value shortened and quoted for an error message, so hostile input stays readable. */
export function quoteValue(value: string): string {
  const short = value.length > 80 ? `${value.slice(0, 80)}…` : value
  // JSON.stringify leaves DEL, C1 controls, bidi overrides and line separators raw: they would
  // garble or disguise the message an analyst reads.
  return JSON.stringify(short).replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (char) =>
    Array.from(
      { length: char.length },
      (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`,
    ).join(''),
  )
}
