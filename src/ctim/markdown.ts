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
