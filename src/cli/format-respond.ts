/**
 * Readable summaries of the response action answers: the actions offered
 * (`respond`), and the outcome of one (`trigger`).
 * @module
 */
import { formatErrors } from './format-errors.ts'
import type { Style } from './text-layout.ts'
import { alignColumns, PLAIN_STYLE } from './text-layout.ts'

interface Action {
  id?: unknown
  title?: unknown
  'query-params'?: { observable_type?: unknown; observable_value?: unknown }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '-')

/** One line per action offered: observable, action id, title; then errors. */
export function formatRespondAnswer(answer: unknown, style: Style = PLAIN_STYLE): string[] {
  const data = (answer as { data?: unknown } | null)?.data
  const actions = (Array.isArray(data) ? data : []).filter(
    (item): item is Action => item !== null && typeof item === 'object',
  )
  const lines =
    actions.length === 0
      ? [
          style.dim(
            'No actions (no active detections, or response actions are off for this token).',
          ),
        ]
      : [
          style.heading(`Actions (${actions.length})`),
          ...alignColumns(
            actions.map((action) => [
              `${text(action['query-params']?.observable_type)} ${text(action['query-params']?.observable_value)}`,
              text(action.id),
              text(action.title),
            ]),
          ),
        ]
  const errors = formatErrors(answer, style)
  if (errors.length > 0) lines.push('', ...errors)
  return lines
}

/** The status of a trigger, then its errors. */
export function formatTriggerAnswer(answer: unknown, style: Style = PLAIN_STYLE): string[] {
  const status = (answer as { data?: { status?: unknown } } | null)?.data?.status
  const lines = [
    status === 'success'
      ? style.good('success')
      : style.bad(typeof status === 'string' ? status : 'no status'),
  ]
  const errors = formatErrors(answer, style)
  if (errors.length > 0) lines.push('', ...errors)
  return lines
}
