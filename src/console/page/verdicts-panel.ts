/**
 * The verdict per observable, as the badge XDR paints on it, with the
 * deciding judgement's reason. Verdicts come from deliberate, else from the
 * observe answer (which carries them once the relay serves deliberate).
 * @module
 */
import {
  type Bundle,
  type Judgement,
  type Observable,
  observableKey,
  type Verdict,
} from '../model/relay-shapes.ts'
import { el, externalLink, note, panel } from './dom.ts'
import { formatTime } from './format.ts'
import type { RelayAnswer } from './relay-client.ts'

/** The verdicts panel for the `requested` observables. */
export function verdictsPanel(
  requested: readonly Observable[],
  deliberate: RelayAnswer<Bundle>,
  observed: Bundle | undefined,
): HTMLElement {
  const fromDeliberate = deliberate.kind === 'answered' ? deliberate.body.data : undefined
  const source = fromDeliberate ?? (observed?.verdicts === undefined ? undefined : observed)
  const verdicts = new Map<string, Verdict>()
  for (const verdict of source?.verdicts?.docs ?? []) {
    if (verdict.observable) verdicts.set(observableKey(verdict.observable), verdict)
  }
  const judgements = new Map<string, Judgement>()
  for (const judgement of [
    ...(fromDeliberate?.judgements?.docs ?? []),
    ...(observed?.judgements?.docs ?? []),
  ]) {
    if (judgement.id !== undefined) judgements.set(judgement.id, judgement)
  }
  const rows = requested.map((observable) => {
    const verdict = verdicts.get(observableKey(observable))
    const name =
      verdict?.disposition_name ?? (verdict ? `Disposition ${verdict.disposition}` : 'No verdict')
    const judgement =
      verdict?.judgement_id === undefined ? undefined : judgements.get(verdict.judgement_id)
    return el(
      'tr',
      { 'data-observable': observableKey(observable) },
      el(
        'th',
        { scope: 'row' },
        el('span', { class: 'obs-type' }, observable.type),
        ' ',
        observable.value,
      ),
      el(
        'td',
        {},
        el(
          'span',
          {
            class: `badge badge-${name.toLowerCase().replace(/\s+/g, '-')}`,
            'data-disposition': name,
          },
          name,
        ),
      ),
      el(
        'td',
        {},
        judgement
          ? externalLink(judgement.reason_uri, judgement.reason ?? '')
          : verdict
            ? ''
            : 'ThreatINSIGHT has no active detection for it (which is not evidence it is clean).',
      ),
      el('td', {}, formatTime(verdict?.valid_time?.end_time)),
    )
  })
  const missing =
    deliberate.kind === 'not-served' && observed?.verdicts === undefined
      ? note(
          'This relay does not serve /deliberate/observables (HTTP 404) and its observe answer carries no verdicts yet.',
          'missing',
        )
      : null
  return panel(
    'verdicts',
    'Verdicts',
    missing,
    el(
      'table',
      { class: 'grid' },
      el('caption', { class: 'visually-hidden' }, 'Verdict per observable'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, 'Observable'),
          el('th', { scope: 'col' }, 'Verdict'),
          el('th', { scope: 'col' }, 'Why'),
          el('th', { scope: 'col' }, 'Valid until'),
        ),
      ),
      el('tbody', {}, ...rows),
    ),
  )
}
