/**
 * The investigation view: observables in; observe, deliberate, refer and
 * respond asked at once (as XDR does); every panel drawn from the answers.
 * @module
 */
import { parseObservableInput } from '../model/parse-input.ts'
import { buildRelationGraph } from '../model/relation-graph.ts'
import type { Bundle, Observable, ReferLink, RespondAction } from '../model/relay-shapes.ts'
import { answerErrors, errorsPanel, notServedNote, rawJsonPanel } from './answer-panels.ts'
import { el, note } from './dom.ts'
import { indicatorsPanel } from './indicators-panel.ts'
import { referPanel } from './refer-panel.ts'
import { relationGraphView } from './relation-graph-view.ts'
import { postRelay } from './relay-client.ts'
import { respondPanel } from './respond-panel.ts'
import { sightingsTable } from './sightings-table.ts'
import { timelineChart } from './timeline-chart.ts'
import { verdictsPanel } from './verdicts-panel.ts'

/** The view, given the samples to offer and a way to read the current token. */
export function investigateView(samples: readonly Observable[], token: () => string): HTMLElement {
  const input = el('textarea', {
    id: 'observables-input',
    rows: 5,
    spellcheck: 'false',
    'aria-describedby': 'observables-help',
  })
  // The status line is announced; the results themselves are too long to be read out on arrival.
  const status = el('p', { id: 'lookup-status', role: 'status', class: 'hint' })
  const results = el('div', { id: 'results', 'aria-busy': 'false' })
  const addSample = (sample: Observable) => {
    const lines = input.value.split('\n').filter((line) => line.trim() !== '')
    lines.push(`${sample.type} ${sample.value}`)
    input.value = `${lines.join('\n')}\n`
    input.focus()
  }
  const submit = async (event: Event) => {
    event.preventDefault()
    const { observables, rejected } = parseObservableInput(input.value)
    if (observables.length === 0) {
      status.textContent = 'Enter at least one observable, e.g. "ip 10.0.0.1" or a hash.'
      return
    }
    results.setAttribute('aria-busy', 'true')
    status.textContent = `Asking the relay about ${observables.length} observable(s)…`
    const { panels, summary } = await lookUp(observables, token())
    results.replaceChildren(...panels)
    if (rejected.length > 0) {
      results.prepend(
        note(`Left out (type unknown; write "type value"): ${rejected.join(', ')}`, 'missing'),
      )
    }
    status.textContent = summary
    results.setAttribute('aria-busy', 'false')
  }
  return el(
    'div',
    { id: 'investigate-view' },
    el(
      'form',
      { class: 'lookup', onsubmit: (event: Event) => void submit(event) },
      el('label', { for: 'observables-input' }, 'Observables'),
      el(
        'p',
        { id: 'observables-help', class: 'hint' },
        'One per line: "type value" (ip, domain, md5, sha1, sha256, …) or a bare IP, domain or hash.',
      ),
      input,
      samples.length === 0
        ? null
        : el(
            'div',
            { class: 'samples', role: 'group', 'aria-label': 'Simulator samples' },
            el('span', { class: 'hint' }, 'Samples from the simulator: '),
            ...samples.map((sample) =>
              el(
                'button',
                {
                  type: 'button',
                  class: 'chip',
                  'data-sample': `${sample.type}:${sample.value}`,
                  onclick: () => addSample(sample),
                },
                `${sample.type} ${sample.value.length > 24 ? `${sample.value.slice(0, 23)}…` : sample.value}`,
              ),
            ),
          ),
      el('button', { type: 'submit', id: 'lookup' }, 'Look up'),
      status,
    ),
    results,
  )
}

async function lookUp(
  observables: Observable[],
  token: string,
): Promise<{ panels: HTMLElement[]; summary: string }> {
  const [observed, deliberate, refer, respond] = await Promise.all([
    postRelay<Bundle>('/observe/observables', observables, token),
    postRelay<Bundle>('/deliberate/observables', observables, token),
    postRelay<ReferLink[]>('/refer/observables', observables, token),
    postRelay<RespondAction[]>('/respond/observables', observables, token),
  ])
  const bundle = observed.kind === 'answered' ? (observed.body.data ?? {}) : undefined
  const sightings = bundle?.sightings?.docs ?? []
  // Judgements from deliberate join the graph through their based-on relationships in observe.
  const deliberated = deliberate.kind === 'answered' ? deliberate.body.data : undefined
  const graphBundle: Bundle = {
    ...bundle,
    judgements: {
      docs: [...(bundle?.judgements?.docs ?? []), ...(deliberated?.judgements?.docs ?? [])],
    },
  }
  const observeMissing = notServedNote(observed)
  const errorCount = [observed, deliberate, refer, respond].flatMap(answerErrors).length
  const summary = `Done: ${sightings.length} sighting(s), ${bundle?.indicators?.docs?.length ?? 0} indicator(s), ${errorCount} error(s) or warning(s).`
  const panels = [
    errorsPanel([observed, deliberate, refer, respond]),
    verdictsPanel(observables, deliberate, bundle),
    ...(observeMissing
      ? [observeMissing]
      : [
          sightingsTable(sightings),
          timelineChart(sightings, observables),
          indicatorsPanel(bundle?.indicators?.docs ?? []),
          relationGraphView(buildRelationGraph(graphBundle, observables)),
        ]),
    referPanel(refer),
    respondPanel(respond, token),
    rawJsonPanel('raw-investigate', [observed, deliberate, refer, respond]),
  ]
  return { panels, summary }
}
