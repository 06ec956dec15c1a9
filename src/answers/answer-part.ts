/**
 * One observable's share of an answer, the unit the answer cache keeps.
 * @module
 */
import type { RelayError } from '../errors/relay-error.ts'

/** An observable's data (absent when its lookup failed) and the errors beside it. */
export interface AnswerPart<P> {
  data?: P
  errors: RelayError[]
  /**
   * False when the part depends on the request it was made for (e.g. cut because other
   * observables of that request used up the answer's byte budget): it is then never cached.
   */
  cacheable?: boolean
}
