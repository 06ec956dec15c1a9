/**
 * Percent-encoding of values put into portal links.
 * @module
 */

const encoder = new TextEncoder()

const isUnreserved = (byte: number): boolean =>
  (byte >= 0x30 && byte <= 0x39) ||
  (byte >= 0x41 && byte <= 0x5a) ||
  (byte >= 0x61 && byte <= 0x7a) ||
  byte === 0x2d ||
  byte === 0x2e ||
  byte === 0x5f ||
  byte === 0x7e

// TextEncoder, unlike encodeURIComponent, never throws: a lone surrogate becomes U+FFFD.
function encodeBytes(value: string, spaceAsPlus: boolean): string {
  let out = ''
  for (const byte of encoder.encode(value)) {
    if (isUnreserved(byte)) out += String.fromCharCode(byte)
    else if (spaceAsPlus && byte === 0x20) out += '+'
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/**
 * Encodes as an HTML form does (`application/x-www-form-urlencoded`): `A-Z a-z 0-9 _ . - ~`
 * kept, space `+`, every other UTF-8 byte `%XX`.
 * @example formEncode("uuid = 'abc'") // "uuid+%3D+%27abc%27"
 */
export function formEncode(value: string): string {
  return encodeBytes(value, true)
}

/** Encodes one path segment: `A-Z a-z 0-9 _ . - ~` kept, every other UTF-8 byte `%XX`. */
export function encodePathSegment(value: string): string {
  return encodeBytes(value, false)
}
