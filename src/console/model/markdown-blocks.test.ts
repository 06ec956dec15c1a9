import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { parseInline, parseMarkdown } from './markdown-blocks.ts'

describe('parseMarkdown', () => {
  test('reads a tile table with links, then a paragraph', () => {
    const blocks = parseMarkdown([
      '| Device | Detections |',
      '| --- | ---: |',
      '| [10.1.70.102](https://portal.example/search?q=1) | 12 |',
      '| 10.1.75.235 | **9** |',
      'No more.',
    ])
    assert.deepEqual(blocks, [
      {
        kind: 'table',
        header: [[{ kind: 'text', text: 'Device' }], [{ kind: 'text', text: 'Detections' }]],
        rows: [
          [
            [{ kind: 'link', text: '10.1.70.102', href: 'https://portal.example/search?q=1' }],
            [{ kind: 'text', text: '12' }],
          ],
          [[{ kind: 'text', text: '10.1.75.235' }], [{ kind: 'strong', text: '9' }]],
        ],
      },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'No more.' }] },
    ])
  })

  test('headings, and lines holding several lines', () => {
    assert.deepEqual(parseMarkdown(['## Top\nplain `code`']), [
      { kind: 'heading', level: 2, content: [{ kind: 'text', text: 'Top' }] },
      {
        kind: 'paragraph',
        content: [
          { kind: 'text', text: 'plain ' },
          { kind: 'code', text: 'code' },
        ],
      },
    ])
  })

  test('only http(s) links become links', () => {
    assert.deepEqual(parseInline('[x](javascript:alert(1))'), [
      { kind: 'text', text: '[x](javascript:alert(1)' },
      { kind: 'text', text: ')' },
    ])
    for (const run of parseInline('[a](data:text/html,x) [b](HTTPS://ok.example)')) {
      if (run.kind === 'link') assert.equal(run.href, 'HTTPS://ok.example')
    }
  })

  test('text without markup is one text run; links are only ever http(s)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        for (const run of parseInline(text)) {
          if (run.kind === 'link') assert.match(run.href, /^https?:\/\//i)
        }
        const plain = text.replace(/[[\]*`]/g, '')
        assert.deepEqual(parseInline(plain), plain === '' ? [] : [{ kind: 'text', text: plain }])
      }),
    )
  })
})
