/**
 * Untrusted text inside our markdown descriptions.
 * @module
 */

/**
 * `text` as literal inline markdown: line breaks become spaces (so no block
 * syntax can start) and the characters with an inline meaning are backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>~&]/g, '\\$&')
}

const SAFE_TARGET = /^\s*<?\s*https?:\/\//i
const LINK_OPEN = /\]\(/g
const DEFINITION = /^( {0,3})\[([^\]\n]*)\]:/gm

/**
 * Markdown from an untrusted author (a rule description), kept as markdown
 * but made harmless: raw HTML is escaped (`<` becomes `&lt;`: no tag, no autolink),
 * and a link, image or link definition whose target is not `http(s)://` is
 * escaped so it shows as text instead of linking.
 */
export function sanitizeMarkdown(text: string): string {
  // An entity, not a backslash: an author's own backslash before `<` would cancel ours.
  const noHtml = text.replace(/</g, '&lt;')
  const inline = noHtml.replace(LINK_OPEN, (match, offset: number) =>
    SAFE_TARGET.test(noHtml.slice(offset + 2, offset + 2 + 64)) ? match : ']\\(',
  )
  return inline.replace(DEFINITION, (match, indent: string, label: string, offset: number) =>
    SAFE_TARGET.test(inline.slice(offset + match.length, offset + match.length + 64))
      ? match
      : `${indent}\\[${label}]:`,
  )
}
