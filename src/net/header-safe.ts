/**
 * Which values may travel in an HTTP header as they are.
 * @module
 */

const VISIBLE_ASCII = /^[\x21-\x7e]+$/

/** Non-empty printable ASCII without spaces: a value undici sends unchanged and never rejects. */
export function isHeaderSafe(value: string): boolean {
  return VISIBLE_ASCII.test(value)
}
