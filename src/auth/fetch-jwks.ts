/**
 * One JWKS download: bounded in time and size, no redirects, only usable RSA keys kept.
 * @module
 */
import type { CryptoKey } from 'jose'
import { importJWK } from 'jose'
import { type Dispatcher, request } from 'undici'
import * as z from 'zod'
import { readCappedBody, TOO_LARGE } from '../net/read-capped-body.ts'

/** The usable keys of one JWKS document. */
export interface JwksKeys {
  /** Keys that carry a `kid`; the first of duplicate ids wins. */
  byKid: ReadonlyMap<string, CryptoKey>
  /** Every usable key, with or without `kid`, in document order. */
  all: readonly CryptoKey[]
}

/**
 * A key set that could not be downloaded or read. The message is a short cause (`ECONNREFUSED`,
 * `HTTP 503`, `the answer is not JSON`) that names no key, token or body content, so it may go
 * into a refusal reason and a log line.
 */
export class JwksFetchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'JwksFetchError'
  }
}

/** Limits and transport of {@link fetchJwks}. */
export interface FetchJwksOptions {
  /** Undefined means undici's global dispatcher. */
  dispatcher: Dispatcher | undefined
  timeoutMs: number
  maxBodyBytes: number
  /** Aborts the download, e.g. when the resolver closes. */
  signal: AbortSignal
}

const jwksSchema = z.object({ keys: z.array(z.unknown()) })

const rsaJwkSchema = z.object({
  kty: z.literal('RSA'),
  n: z.string().min(1),
  e: z.string().min(1),
  kid: z.string().optional(),
  alg: z.string().optional(),
  use: z.string().optional(),
})

/**
 * Download `url` and import its RSA signing keys.
 * @throws JwksFetchError on any transport, status, size, JSON or shape problem.
 */
export async function fetchJwks(url: string, options: FetchJwksOptions): Promise<JwksKeys> {
  const text = await download(url, options)
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new JwksFetchError('the answer is not JSON', { cause: error })
  }
  const parsed = jwksSchema.safeParse(document)
  if (!parsed.success) throw new JwksFetchError('the answer is not a key set (no "keys" array)')
  return importKeys(parsed.data.keys)
}

// undici's own timeouts; the abort of `AbortSignal.timeout` is recognised by its signal instead.
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
])
const ERROR_CODE = /^[A-Z][A-Z0-9_]{1,63}$/

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; depth < 3; depth += 1) {
    if (typeof current !== 'object' || current === null) return undefined
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && ERROR_CODE.test(code)) return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** A transport failure in words that carry no payload: an error code, a timeout or a shutdown. */
function transportFailure(
  error: unknown,
  options: FetchJwksOptions,
  timeout: AbortSignal,
): JwksFetchError {
  if (error instanceof JwksFetchError) return error
  const code = errorCode(error)
  if (options.signal.aborted) {
    return new JwksFetchError('the relay is shutting down', { cause: error })
  }
  if (timeout.aborted || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return new JwksFetchError(`no complete answer within ${options.timeoutMs} ms`, {
      cause: error,
    })
  }
  return new JwksFetchError(code ?? 'the connection failed', { cause: error })
}

async function download(url: string, options: FetchJwksOptions): Promise<string> {
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = AbortSignal.any([options.signal, timeout])
  let response: Dispatcher.ResponseData
  try {
    // undici's request never follows redirects unless a redirect interceptor is installed.
    response = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    })
  } catch (error) {
    throw transportFailure(error, options, timeout)
  }
  const { statusCode, headers, body } = response
  try {
    if (statusCode < 200 || statusCode > 299) {
      const note = statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed)' : ''
      throw new JwksFetchError(`HTTP ${statusCode}${note}`)
    }
    const declared = Number(headers['content-length'])
    const tooLarge = `the key set is larger than ${options.maxBodyBytes} bytes`
    if (declared > options.maxBodyBytes) throw new JwksFetchError(tooLarge)
    const read = await readCappedBody(body, options.maxBodyBytes)
    if (read === TOO_LARGE) throw new JwksFetchError(tooLarge)
    return read.toString('utf8')
  } catch (error) {
    throw transportFailure(error, options, timeout)
  } finally {
    // Frees the socket when the body was not read to its end; the listener keeps undici's
    // "Request aborted" error on an unread body from becoming an uncaught exception.
    body.on('error', () => {})
    body.destroy()
  }
}

async function importKeys(candidates: readonly unknown[]): Promise<JwksKeys> {
  const byKid = new Map<string, CryptoKey>()
  const all: CryptoKey[] = []
  for (const candidate of candidates) {
    const jwk = rsaJwkSchema.safeParse(candidate)
    if (!jwk.success) continue
    const { n, e, kid, alg, use } = jwk.data
    if ((alg !== undefined && alg !== 'RS256') || (use !== undefined && use !== 'sig')) continue
    let key: CryptoKey
    try {
      // Only the public members are passed, so a published private key can never be imported.
      key = await importJWK({ kty: 'RSA', n, e }, 'RS256')
    } catch {
      continue
    }
    all.push(key)
    if (kid !== undefined && !byKid.has(kid)) byKid.set(kid, key)
  }
  return { byKid, all }
}
