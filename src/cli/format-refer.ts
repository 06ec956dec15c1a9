/**
 * The readable summary of a refer answer: one `title → url` line per link,
 * then any errors.
 * @module
 */
import { formatErrors } from './format-errors.ts'
import type { Style } from './text-layout.ts'
import { alignColumns, PLAIN_STYLE } from './text-layout.ts'

interface ReferLink {
  title?: unknown
  url?: unknown
  id?: unknown
}

/** The summary as lines: a heading, aligned links, errors. */
export function formatReferAnswer(answer: unknown, style: Style = PLAIN_STYLE): string[] {
  const data = (answer as { data?: unknown } | null)?.data
  const links = (Array.isArray(data) ? data : []).filter(
    (item): item is ReferLink => item !== null && typeof item === 'object',
  )
  const lines: string[] = []
  if (links.length === 0) {
    lines.push(style.dim('No links.'))
  } else {
    lines.push(style.heading(`Links (${links.length})`))
    lines.push(
      ...alignColumns(
        links.map((link) => [
          typeof link.title === 'string' ? link.title : String(link.id ?? '-'),
          '→',
          typeof link.url === 'string' ? link.url : '-',
        ]),
        { gap: ' ' },
      ),
    )
  }
  const errors = formatErrors(answer, style)
  if (errors.length > 0) lines.push('', ...errors)
  return lines
}
