/**
 * Respond actions offered per observable; running one asks for confirmation
 * first (a modal dialog: Escape or Cancel leaves nothing done), then calls
 * `/respond/trigger` and shows its result and raw answer.
 * @module
 */
import type { RespondAction } from '../model/relay-shapes.ts'
import { answerErrors, notServedNote } from './answer-panels.ts'
import { el, note, panel } from './dom.ts'
import { postRelay, type RelayAnswer } from './relay-client.ts'

/** Ask before a write; resolves true only on an explicit confirm. */
function confirmAction(action: RespondAction): Promise<boolean> {
  return new Promise((resolve) => {
    const params = action['query-params'] ?? {}
    const dialog = el(
      'dialog',
      { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      el('h2', { id: 'confirm-title' }, 'Run this response action?'),
      el(
        'p',
        { id: 'confirm-text' },
        `${action.title ?? action.id ?? 'This action'} on ${String(params.observable_type ?? '')} ${String(params.observable_value ?? '')}. `,
        action.description ?? '',
        ' This changes data in ThreatINSIGHT.',
      ),
    )
    const close = (confirmed: boolean) => {
      dialog.close()
      dialog.remove()
      resolve(confirmed)
    }
    dialog.append(
      el(
        'div',
        { class: 'actions' },
        el('button', { type: 'button', class: 'secondary', onclick: () => close(false) }, 'Cancel'),
        el(
          'button',
          { type: 'button', class: 'danger', 'data-confirm': '', onclick: () => close(true) },
          'Run it',
        ),
      ),
    )
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault()
      close(false)
    })
    document.body.append(dialog)
    dialog.showModal()
  })
}

/** The respond panel. */
export function respondPanel(answer: RelayAnswer<RespondAction[]>, token: string): HTMLElement {
  const missing = notServedNote(answer)
  if (missing) return panel('respond', 'Respond actions', missing)
  const actions =
    answer.kind === 'answered' && Array.isArray(answer.body.data) ? answer.body.data : []
  const results = el('div', { role: 'status', 'aria-live': 'polite', class: 'respond-results' })
  const run = async (action: RespondAction, button: HTMLButtonElement) => {
    if (!(await confirmAction(action))) {
      results.replaceChildren(note(`Cancelled: ${action.title ?? action.id}. Nothing was sent.`))
      return
    }
    button.disabled = true
    const triggered = await postRelay<{ status?: string }>(
      '/respond/trigger',
      { 'action-id': action.id, ...(action['query-params'] ?? {}) },
      token,
    )
    button.disabled = false
    results.replaceChildren(triggerResult(action, triggered))
  }
  return panel(
    'respond',
    'Respond actions',
    actions.length === 0
      ? note(
          'No actions offered (none are active for these observables, or the token does not turn response actions on).',
        )
      : el(
          'div',
          {},
          // As in XDR's observable menu: the actions of each observable together.
          ...groupByObservable(actions).map(([observable, group]) =>
            el(
              'section',
              { class: 'action-group', 'aria-label': `Actions for ${observable}` },
              el('h3', {}, observable),
              el(
                'ul',
                { class: 'actions-list' },
                ...group.map((action) => {
                  const button = el(
                    'button',
                    { type: 'button', 'data-action': action.id ?? '', title: action.description },
                    action.title ?? action.id ?? 'Run',
                  )
                  button.addEventListener('click', () => void run(action, button))
                  return el('li', {}, button)
                }),
              ),
              group[0]?.description ? el('p', { class: 'hint' }, group[0].description) : null,
            ),
          ),
        ),
    results,
  )
}

function triggerResult(
  action: RespondAction,
  answer: RelayAnswer<{ status?: string }>,
): HTMLElement {
  const status =
    answer.kind === 'answered' ? (answer.body.data?.status ?? 'no status') : answer.kind
  return el(
    'div',
    { class: 'trigger-result', 'data-status': status },
    el('p', {}, `${action.title ?? action.id}: `, el('strong', {}, status)),
    ...answerErrors(answer).map((error) =>
      el(
        'p',
        { class: `flag flag-${error.type === 'warning' ? 'warning' : 'error'}` },
        `${error.code}: ${error.message}`,
      ),
    ),
    el(
      'details',
      { class: 'raw' },
      el('summary', {}, 'Raw answer'),
      el('pre', { tabindex: 0 }, JSON.stringify(answer.body ?? null, null, 2)),
    ),
  )
}

/** Actions keyed by the observable their query parameters name, in answer order. */
function groupByObservable(actions: readonly RespondAction[]): [string, RespondAction[]][] {
  const groups = new Map<string, RespondAction[]>()
  for (const action of actions) {
    const params = action['query-params'] ?? {}
    const key = `${String(params.observable_type ?? '?')} ${String(params.observable_value ?? '?')}`
    groups.set(key, [...(groups.get(key) ?? []), action])
  }
  return [...groups.entries()]
}
