import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { encodePathSegment, formEncode } from './url-encoding.ts'

describe('formEncode', () => {
  test("the spec's example", () => {
    assert.equal(formEncode("uuid = 'abc'"), 'uuid+%3D+%27abc%27')
  })

  test('keeps A-Z a-z 0-9 _ . - ~ and encodes every other byte', () => {
    assert.equal(formEncode('AZaz09_.-~'), 'AZaz09_.-~')
    assert.equal(formEncode("!*'()/?&=+#%"), '%21%2A%27%28%29%2F%3F%26%3D%2B%23%25')
  })

  test('encodes UTF-8 bytes in upper-case hex', () => {
    assert.equal(formEncode('é'), '%C3%A9')
    assert.equal(formEncode('€ 😀'), '%E2%82%AC+%F0%9F%98%80')
    assert.equal(formEncode('\n\t'), '%0A%09')
  })

  test('a lone surrogate becomes U+FFFD instead of throwing', () => {
    assert.equal(formEncode('\ud800'), '%EF%BF%BD')
  })
})

describe('encodePathSegment', () => {
  test('encodes space and / as %XX', () => {
    assert.equal(encodePathSegment('a b/c'), 'a%20b%2Fc')
    assert.equal(encodePathSegment('5b7d1cc6-21b1-4be2'), '5b7d1cc6-21b1-4be2')
  })
})

describe('the fast path agrees with the byte loop', () => {
  test('on every ASCII character, mixed text and lone surrogates', () => {
    const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)).join('')
    const reference = (value: string, spaceAsPlus: boolean): string => {
      let out = ''
      for (const byte of new TextEncoder().encode(value)) {
        const char = String.fromCharCode(byte)
        if (/[A-Za-z0-9_.~-]/.test(char)) out += char
        else if (spaceAsPlus && byte === 0x20) out += '+'
        else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
      }
      return out
    }
    for (const value of [ascii, 'a %20 b+c', "é € 😀 ' ( ) * !", 'x\udc00y', '%25%20']) {
      assert.equal(formEncode(value), reference(value, true))
      assert.equal(encodePathSegment(value), reference(value, false))
    }
  })
})
