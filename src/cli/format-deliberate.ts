/**
 * The readable summary of a deliberate answer: one line per requested
 * observable with its verdict (or none), then the judgements, then errors.
 * @module
 */
import { formatErrors } from './format-errors.ts'
import type { RequestedObservable } from './format-observe.ts'
import type { Style } from './text-layout.ts'
import { alignColumns, PLAIN_STYLE } from './text-layout.ts'

interface Doc {
  observable?: { type?: unknown; value?: unknown }
  disposition_name?: unknown
  priority?: unknown
  reason?: unknown
  judgement_id?: unknown
  id?: unknown
  valid_time?: { end_time?: unknown }
}

const docsOf = (data: unknown, key: string): Doc[] => {
  const list = (data as Record<string, { docs?: unknown }> | null)?.[key]?.docs
  return Array.isArray(list) ? list.filter((doc) => doc !== null && typeof doc === 'object') : []
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '-')

const sameObservable = (doc: Doc, requested: RequestedObservable) =>
  doc.observable?.type === requested.type && doc.observable?.value === requested.value

/** The summary as lines: verdicts per requested observable, the judgements, errors. */
export function formatDeliberateAnswer(
  answer: unknown,
  requested: readonly RequestedObservable[],
  style: Style = PLAIN_STYLE,
): string[] {
  const data = (answer as { data?: unknown } | null)?.data
  const verdicts = docsOf(data, 'verdicts')
  const judgements = docsOf(data, 'judgements')
  const lines = [style.heading('Verdicts')]
  lines.push(
    ...alignColumns(
      requested.map((observable) => {
        const verdict = verdicts.find((doc) => sameObservable(doc, observable))
        const until = verdict ? `until ${text(verdict.valid_time?.end_time)}` : ''
        return [
          observable.type,
          observable.value,
          verdict ? text(verdict.disposition_name) : 'no verdict (no current detection)',
          until,
        ]
      }),
      {
        paint: (cell, column) =>
          column !== 2
            ? cell
            : cell.startsWith('Malicious')
              ? style.bad(cell)
              : cell.startsWith('Suspicious')
                ? style.warn(cell)
                : style.dim(cell),
      },
    ),
  )
  if (judgements.length > 0) {
    lines.push('', style.heading(`Judgements (${judgements.length})`))
    lines.push(
      ...alignColumns(
        judgements.map((doc) => [
          text(doc.observable?.value),
          text(doc.disposition_name),
          String(doc.priority ?? '-'),
          text(doc.reason),
        ]),
      ),
    )
  }
  const errors = formatErrors(answer, style)
  if (errors.length > 0) lines.push('', ...errors)
  return lines
}
