/**
 * One observable's share of an answer, the unit the answer cache keeps.
 * @module
 */
import type { RelayError } from '../errors/relay-error.ts'

/** An observable's data (absent when its lookup failed) and the errors beside it. */
export interface AnswerPart<P> {
  data?: P
  errors: RelayError[]
}
