/**
 * A `markdown` tile, rendered node by node from the parsed blocks.
 * @module
 */
import { type Inline, parseMarkdown } from '../model/markdown-blocks.ts'
import { el, externalLink } from './dom.ts'

/** DOM nodes of inline markdown runs. */
export function inline(runs: readonly Inline[]): Node[] {
  return runs.map((run) => {
    if (run.kind === 'strong') return el('strong', {}, run.text)
    if (run.kind === 'code') return el('code', {}, run.text)
    if (run.kind === 'link') return externalLink(run.href, run.text)
    return document.createTextNode(run.text)
  })
}

/** Render markdown lines. */
export function markdownTile(lines: readonly unknown[]): HTMLElement {
  const blocks = parseMarkdown(lines.map(String))
  return el(
    'div',
    { class: 'markdown' },
    ...blocks.map((block) => {
      if (block.kind === 'heading') return el('h3', {}, ...inline(block.content))
      if (block.kind === 'paragraph') return el('p', {}, ...inline(block.content))
      return el(
        'table',
        { class: 'grid compact' },
        el(
          'thead',
          {},
          el('tr', {}, ...block.header.map((cell) => el('th', { scope: 'col' }, ...inline(cell)))),
        ),
        el(
          'tbody',
          {},
          ...block.rows.map((row) =>
            el('tr', {}, ...row.map((cell) => el('td', {}, ...inline(cell)))),
          ),
        ),
      )
    }),
  )
}
