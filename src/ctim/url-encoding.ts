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
function encodeEachByte(value: string, spaceAsPlus: boolean): string {
  let out = ''
  for (const byte of encoder.encode(value)) {
    if (isUnreserved(byte)) out += String.fromCharCode(byte)
    else if (spaceAsPlus && byte === 0x20) out += '+'
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

// What encodeURIComponent leaves as is but these encodings do not.
const KEPT_BY_ENCODE_URI = /[!'()*]/g
const HEX_OF_KEPT: Readonly<Record<string, string>> = {
  '!': '%21',
  "'": '%27',
  '(': '%28',
  ')': '%29',
  '*': '%2A',
}

// Every link of every sighting goes through here: the native encoder does the bulk (UTF-8 bytes,
// upper-case hex), and only a lone surrogate, which it refuses, takes the byte loop.
function encodeBytes(value: string, spaceAsPlus: boolean): string {
  let encoded: string
  try {
    encoded = encodeURIComponent(value)
  } catch {
    return encodeEachByte(value, spaceAsPlus)
  }
  encoded = encoded.replace(KEPT_BY_ENCODE_URI, (char) => HEX_OF_KEPT[char] ?? char)
  // A `%` of the value is `%25` by now, so every `%20` left is a space.
  return spaceAsPlus ? encoded.replaceAll('%20', '+') : encoded
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
