/**
 * The `errors` of a relay answer as lines, and the question every command
 * asks of them: did the relay fail outright?
 * @module
 */
import type { Style } from './text-layout.ts'
import { alignColumns, PLAIN_STYLE } from './text-layout.ts'

/** One entry of the relay's `errors` list, as far as the CLI reads it. */
export interface AnswerError {
  code?: unknown
  message?: unknown
  type?: unknown
}

/** The `errors` list of an answer (empty when absent or not a list). */
export function answerErrors(answer: unknown): AnswerError[] {
  const errors = (answer as { errors?: unknown } | null)?.errors
  return Array.isArray(errors)
    ? errors.filter((item): item is AnswerError => item !== null && typeof item === 'object')
    : []
}

/** Whether the answer carries an error of type `fatal`. */
export function hasFatalError(answer: unknown): boolean {
  return answerErrors(answer).some((error) => error.type === 'fatal')
}

/** A heading and one line per error (`fatal`/`warning`, code, message), or no lines. */
export function formatErrors(answer: unknown, style: Style = PLAIN_STYLE): string[] {
  const errors = answerErrors(answer)
  if (errors.length === 0) return []
  const rows = errors.map((error) => [
    typeof error.type === 'string' ? error.type : 'error',
    typeof error.code === 'string' ? error.code : '-',
    typeof error.message === 'string' ? error.message : '',
  ])
  const fatal = errors.some((error) => error.type === 'fatal')
  return [
    style.heading(fatal ? 'Errors' : 'Warnings'),
    ...alignColumns(rows, {
      paint: (text, column) =>
        column === 0 ? (text.trim() === 'fatal' ? style.bad(text) : style.warn(text)) : text,
    }),
  ]
}
