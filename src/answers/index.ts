/**
 * The answer cache: per-observable parts of observe, deliberate and
 * respond-listing answers, shared by concurrent requests and by a fleet.
 * @module
 */
export {
  type AnswerCache,
  type AnswerCacheOptions,
  type AnswerRequest,
  createAnswerCache,
  type PartsLookup,
} from './answer-cache.ts'
export type { AnswerPart } from './answer-part.ts'
export { type StoredPart, storedPartBytes } from './stored-part.ts'
