/**
 * Turns what happened to one upstream request (a status, a transport error, a
 * timeout) into a {@link GtiError} worded for an analyst.
 * @module
 */
import { STATUS_CODES } from 'node:http'
import { GtiError } from './gti-error.ts'

/** The request a failure belongs to. */
export interface CallTarget {
  method: string
  url: string
}

/** What bounded a timed-out attempt: the per-call timeout (ms) or the relay request's deadline. */
export type TimeLimit = number | 'deadline'

const MAX_UPSTREAM_TEXT = 300

const TRANSPORT_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection broken',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNABORTED: 'connection aborted',
  UND_ERR_SOCKET: 'connection closed unexpectedly',
  UND_ERR_CLOSED: 'connection closed',
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
])

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'])

const TLS_CERT_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT/

/** ` (after 3 attempts)`, empty for a single attempt. */
function afterAttempts(attempts: number): string {
  return attempts > 1 ? ` (after ${attempts} attempts)` : ''
}

function statusWords(status: number): string {
  const text = STATUS_CODES[status]
  return text === undefined ? String(status) : `${status} ${text}`
}

/**
 * Replace every occurrence of the secret and squash control characters, so
 * upstream text can be shown safely (an upstream could echo the key back).
 */
export function redactSecret(text: string, secret: string): string {
  const squashed = text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim()
  const redacted = secret.length > 0 ? squashed.split(secret).join('[redacted]') : squashed
  return redacted.length > MAX_UPSTREAM_TEXT ? `${redacted.slice(0, MAX_UPSTREAM_TEXT)}…` : redacted
}

/** The `error.message` of an upstream `{error: {message}}` body, made safe to show. */
export function upstreamErrorMessage(body: Buffer | undefined, secret: string): string | undefined {
  if (body === undefined || body.length === 0) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const error: unknown = (parsed as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return undefined
  const message: unknown = (error as { message?: unknown }).message
  if (typeof message !== 'string') return undefined
  const safe = redactSecret(message, secret)
  return safe.length > 0 ? safe : undefined
}

/** The error for a non-2xx answer. */
export function errorForStatus(
  target: CallTarget,
  status: number,
  body: Buffer | undefined,
  attempts: number,
  secret: string,
): GtiError {
  const upstream = upstreamErrorMessage(body, secret)
  const details = { method: target.method, url: target.url, status, attempts }
  if (status === 401 || status === 403) {
    const reason = upstream ?? `ThreatINSIGHT refused the API key (${statusWords(status)})`
    return new GtiError(`Authorization failed: ${reason}`, { ...details, kind: 'authentication' })
  }
  const detail = upstream === undefined ? '' : `: ${upstream}`
  const message = `ThreatINSIGHT answered ${statusWords(status)} to ${target.method} ${target.url}${detail}${afterAttempts(attempts)}`
  if (status === 429) return new GtiError(message, { ...details, kind: 'rate-limit' })
  if (status >= 500) return new GtiError(message, { ...details, kind: 'server' })
  if (status >= 400) return new GtiError(message, { ...details, kind: 'client' })
  // Redirects are not followed and 1xx never reaches here: an answer we cannot use.
  return new GtiError(message, { ...details, kind: 'malformed' })
}

/** The Node/undici error code of a transport failure, looking through wrappers. */
export function transportCode(cause: unknown): string | undefined {
  let current: unknown = cause
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code: unknown = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    const nested: unknown = (current as { errors?: unknown }).errors
    current = Array.isArray(nested) ? nested[0] : (current as { cause?: unknown }).cause
  }
  return undefined
}

/** True when the connection died under the request (worth one more try on a fresh socket). */
export function isConnectionReset(cause: unknown): boolean {
  const code = transportCode(cause)
  return code !== undefined && RESET_CODES.has(code)
}

/** The error for a request that ran out of time. */
export function timeoutError(
  target: CallTarget,
  attempts: number,
  limit: TimeLimit,
  cause?: unknown,
): GtiError {
  const within =
    limit === 'deadline' ? 'before the deadline of the relay request' : `within ${limit} ms`
  return new GtiError(
    `ThreatINSIGHT did not answer ${target.method} ${target.url} ${within}${afterAttempts(attempts)}`,
    { kind: 'timeout', method: target.method, url: target.url, attempts, cause },
  )
}

/** The error for a call its caller gave up on. */
export function abortedError(target: CallTarget, attempts: number, cause?: unknown): GtiError {
  return new GtiError(
    `The call ${target.method} ${target.url} was cancelled before ThreatINSIGHT answered`,
    { kind: 'aborted', method: target.method, url: target.url, attempts, cause },
  )
}

/** The error for an answer that cannot be used (not JSON, wrong shape, too large). */
export function malformedError(
  target: CallTarget,
  reason: string,
  attempts: number,
  status: number | undefined,
  cause?: unknown,
): GtiError {
  return new GtiError(
    `ThreatINSIGHT's answer to ${target.method} ${target.url} ${reason}${afterAttempts(attempts)}`,
    { kind: 'malformed', method: target.method, url: target.url, status, attempts, cause },
  )
}

/** The error for a request that got no HTTP answer at all. */
export function errorForTransport(
  target: CallTarget,
  cause: unknown,
  attempts: number,
  limit: TimeLimit,
): GtiError {
  const code = transportCode(cause)
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return timeoutError(target, attempts, limit, cause)
  }
  const details = { method: target.method, url: target.url, attempts, cause }
  if (code !== undefined && TLS_CERT_CODE.test(code)) {
    return new GtiError(
      `TLS certificate verification failed for ${target.method} ${target.url} (${code})${afterAttempts(attempts)}`,
      { ...details, kind: 'tls' },
    )
  }
  const words =
    code === undefined
      ? 'the connection failed'
      : code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')
        ? `TLS handshake failed (${code})`
        : `${TRANSPORT_WORDS[code] ?? 'the connection failed'} (${code})`
  return new GtiError(
    `Could not reach ThreatINSIGHT for ${target.method} ${target.url}: ${words}${afterAttempts(attempts)}`,
    { ...details, kind: 'network' },
  )
}
