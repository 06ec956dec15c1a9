/**
 * One resolved ThreatINSIGHT request, as the attempt and retry layers see it,
 * and the outcome of one attempt.
 * @module
 */
import type { z } from 'zod'
import type { GtiError } from './gti-error.ts'

/** HTTP methods the ThreatINSIGHT calls use. */
export type UpstreamMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** Where a request goes. */
export interface Address {
  origin: string
  /** Path and query, as sent. */
  path: string
  href: string
}

/** How a 2xx answer is read: validated JSON, or nothing (e.g. `204 No Content`). */
export type AnswerReader<T> = z.ZodType<T> | 'empty'

/** A request ready to send. */
export interface UpstreamRequest<T> {
  method: UpstreamMethod
  url: Address
  /** JSON text; sent with `content-type: application/json`. */
  body?: string
  answer: AnswerReader<T>
}

/** What one attempt ended with; `retryAfterMs` is the upstream's `Retry-After`. */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: GtiError; retryAfterMs?: number | undefined }
