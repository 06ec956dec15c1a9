/**
 * The panels every answer feeds: the errors and warnings flagged as XDR does
 * (fatal and error in red, warning in amber), and the raw JSON of each call.
 * @module
 */
import type { EnvelopeError } from '../model/relay-shapes.ts'
import { el, note, panel } from './dom.ts'
import type { RelayAnswer } from './relay-client.ts'

/** Errors of an answer, including a call that failed outright. */
export function answerErrors(answer: RelayAnswer): EnvelopeError[] {
  if (answer.kind === 'answered') return answer.body.errors ?? []
  if (answer.kind === 'failed')
    return [{ code: 'request failed', message: answer.message, type: 'fatal' }]
  return []
}

/** The flag XDR shows for an error type. */
function flagOf(type: string | undefined): { label: string; tone: string } {
  if (type === 'warning') return { label: 'Warning', tone: 'warning' }
  return { label: 'Error', tone: 'error' }
}

/** A list of the errors of several answers, each flagged; empty → a note. */
export function errorsPanel(answers: readonly RelayAnswer[]): HTMLElement {
  const items = answers.flatMap((answer) =>
    answerErrors(answer).map((error) => {
      const flag = flagOf(error.type)
      return el(
        'li',
        { class: `flag flag-${flag.tone}`, 'data-type': error.type ?? 'fatal' },
        el('strong', { class: 'flag-label' }, flag.label),
        ' ',
        el('code', {}, answer.path),
        ` ${error.code ?? 'unknown'}: ${error.message ?? ''}`,
      )
    }),
  )
  const notServed = answers.filter((answer) => answer.kind === 'not-served')
  return panel(
    'errors',
    'Errors and warnings',
    items.length === 0 ? note('No errors or warnings.') : el('ul', { class: 'flags' }, ...items),
    notServed.length === 0
      ? null
      : note(
          `Not served by this relay (HTTP 404): ${notServed.map((answer) => answer.path).join(', ')}.`,
          'missing',
        ),
  )
}

/** The note a panel shows when its route is not served. */
export function notServedNote(answer: RelayAnswer): HTMLElement | undefined {
  if (answer.kind !== 'not-served') return undefined
  return note(
    `This relay does not serve ${answer.path} (HTTP 404): nothing to show here until it does.`,
    'missing',
  )
}

/** One collapsible block per answer with its HTTP status and raw JSON. */
export function rawJsonPanel(id: string, answers: readonly RelayAnswer[]): HTMLElement {
  return panel(
    id,
    'Raw answers',
    ...answers.map((answer) =>
      el(
        'details',
        { class: 'raw' },
        el(
          'summary',
          {},
          `POST ${answer.path}: ${answer.kind === 'failed' && answer.status === undefined ? 'no answer' : `HTTP ${answer.status}`}`,
        ),
        el('pre', { tabindex: 0 }, JSON.stringify(answer.body ?? null, null, 2)),
      ),
    ),
  )
}
