import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { escapeMarkdown, sanitizeMarkdown } from './markdown.ts'

describe('escapeMarkdown', () => {
  test('escapes inline markdown and flattens line breaks', () => {
    assert.equal(
      escapeMarkdown('*a* _b_ `c` [d](e) <f> ~~g~~ &amp; \\'),
      '\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\<f\\> \\~\\~g\\~\\~ \\&amp; \\\\',
    )
    assert.equal(escapeMarkdown('a\r\n\n# b\nc'), 'a # b c')
  })

  test('leaves plain names and uuids alone', () => {
    assert.equal(escapeMarkdown('Suspicious Executable File'), 'Suspicious Executable File')
    assert.equal(escapeMarkdown('5b7d1cc6-21b1-4be2.x'), '5b7d1cc6-21b1-4be2.x')
  })
})

describe('sanitizeMarkdown', () => {
  test('keeps markdown and http(s) links, escapes HTML and other link targets', () => {
    assert.equal(
      sanitizeMarkdown('**Bold** [a](https://x.io/p) [b](javascript:alert(1)) <b>hi</b>'),
      '**Bold** [a](https://x.io/p) [b]\\(javascript:alert(1)) &lt;b>hi&lt;/b>',
    )
    assert.equal(sanitizeMarkdown('![i]( data:text/html,x)'), '![i]\\( data:text/html,x)')
    assert.equal(
      sanitizeMarkdown('[r]: javascript:x\n[s]: http://ok'),
      '\\[r]: javascript:x\n[s]: http://ok',
    )
    assert.equal(sanitizeMarkdown('[c](HTTPS://Case.io)'), '[c](HTTPS://Case.io)')
  })

  test('never leaves an unescaped < or a link opener to a non-http target', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '<',
            ']',
            '(',
            ' ',
            'j',
            ':',
            'h',
            't',
            'p',
            's',
            '/',
            '\\',
            '[',
            '\n',
          ),
        }),
        (text) => {
          const safe = sanitizeMarkdown(text)
          assert.ok(!safe.includes('<'), safe)
          for (const match of safe.matchAll(/\]\(/g)) {
            const before = safe[match.index - 1]
            const target = safe.slice(match.index + 2)
            assert.ok(before === '\\' || /^\s*<?\s*https?:\/\//i.test(target), safe)
          }
        },
      ),
    )
  })
})
