import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { escapeMarkdown } from './markdown.ts'

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
