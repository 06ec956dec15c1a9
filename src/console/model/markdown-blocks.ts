/**
 * The little markdown a tile sends (tables, headings, paragraphs, links,
 * bold, code) parsed into blocks the page turns into DOM nodes: never into
 * HTML strings, so a relay answer cannot inject markup.
 * @module
 */

/** A run of inline text. */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; text: string; href: string }

/** A block of a markdown document. */
export type Block =
  | { kind: 'heading'; level: number; content: Inline[] }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] }

const INLINE = /\[([^\]]*)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*|`([^`]+)`/g

/** Inline runs of one line; links other than http(s) stay plain text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = []
  let last = 0
  for (const match of text.matchAll(INLINE)) {
    const at = match.index ?? 0
    if (at > last) out.push({ kind: 'text', text: text.slice(last, at) })
    const [whole, linkText, href, strong, code] = match
    if (href !== undefined) {
      if (/^https?:\/\//i.test(href)) out.push({ kind: 'link', text: linkText ?? href, href })
      else out.push({ kind: 'text', text: whole })
    } else if (strong !== undefined) out.push({ kind: 'strong', text: strong })
    else out.push({ kind: 'code', text: code ?? '' })
    last = at + whole.length
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) })
  return out
}

function cells(line: string): string[] {
  const trimmed = line.trim().replace(/^\|/, '').replace(/\|$/, '')
  return trimmed.split('|').map((cell) => cell.trim())
}

const SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/

/** Blocks of markdown given as lines (a tile's `data`); a line may hold several lines. */
export function parseMarkdown(lines: readonly string[]): Block[] {
  const all = lines.flatMap((line) => String(line).split('\n'))
  const blocks: Block[] = []
  for (let i = 0; i < all.length; i += 1) {
    const line = all[i] as string
    if (line.trim() === '') continue
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      blocks.push({
        kind: 'heading',
        level: (heading[1] as string).length,
        content: parseInline(heading[2] as string),
      })
      continue
    }
    if (line.trim().startsWith('|') && SEPARATOR.test(all[i + 1] ?? '')) {
      const header = cells(line).map(parseInline)
      const rows: Inline[][][] = []
      i += 2
      while (i < all.length && (all[i] as string).trim().startsWith('|')) {
        rows.push(cells(all[i] as string).map(parseInline))
        i += 1
      }
      i -= 1
      blocks.push({ kind: 'table', header, rows })
      continue
    }
    blocks.push({ kind: 'paragraph', content: parseInline(line) })
  }
  return blocks
}
