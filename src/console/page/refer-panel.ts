/**
 * Refer links: where XDR's pivot menu would send the analyst.
 * @module
 */
import type { ReferLink } from '../model/relay-shapes.ts'
import { notServedNote } from './answer-panels.ts'
import { el, externalLink, note, panel } from './dom.ts'
import type { RelayAnswer } from './relay-client.ts'

/** The refer panel. */
export function referPanel(answer: RelayAnswer<ReferLink[]>): HTMLElement {
  const missing = notServedNote(answer)
  if (missing) return panel('refer', 'Refer links', missing)
  const links =
    answer.kind === 'answered' && Array.isArray(answer.body.data) ? answer.body.data : []
  return panel(
    'refer',
    'Refer links',
    links.length === 0
      ? note('No links.')
      : el(
          'ul',
          { class: 'links' },
          ...links.map((link) =>
            el(
              'li',
              { 'data-refer': link.id ?? '' },
              externalLink(link.url, link.title ?? link.url ?? ''),
              link.description ? el('span', { class: 'hint' }, ` ${link.description}`) : null,
            ),
          ),
        ),
  )
}
