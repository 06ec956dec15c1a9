/**
 * One JWKS download: bounded in time and size, no redirects, only usable RSA keys kept.
 * @module
 */
import type { CryptoKey } from 'jose'
import { importJWK } from 'jose'
import { type Dispatcher, request } from 'undici'
import { z } from 'zod'
import { readCappedBody, TOO_LARGE } from '../net/read-capped-body.ts'

/** The usable keys of one JWKS document. */
export interface JwksKeys {
  /** Keys that carry a `kid`; the first of duplicate ids wins. */
  byKid: ReadonlyMap<string, CryptoKey>
  /** Every usable key, with or without `kid`, in document order. */
  all: readonly CryptoKey[]
}

/** A key set that could not be downloaded or read; the message is for logs only. */
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
    throw new JwksFetchError('key set is not JSON', { cause: error })
  }
  const parsed = jwksSchema.safeParse(document)
  if (!parsed.success) throw new JwksFetchError('key set has no keys array')
  return importKeys(parsed.data.keys)
}

async function download(url: string, options: FetchJwksOptions): Promise<string> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)])
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
    throw new JwksFetchError('key set request failed', { cause: error })
  }
  const { statusCode, headers, body } = response
  try {
    if (statusCode < 200 || statusCode > 299) {
      throw new JwksFetchError(`key set answered HTTP ${statusCode}`)
    }
    const declared = Number(headers['content-length'])
    if (declared > options.maxBodyBytes) throw new JwksFetchError('key set is too large')
    const read = await readCappedBody(body, options.maxBodyBytes)
    if (read === TOO_LARGE) throw new JwksFetchError('key set is too large')
    return read.toString('utf8')
  } catch (error) {
    throw error instanceof JwksFetchError
      ? error
      : new JwksFetchError('key set download failed', { cause: error })
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
