/**
 * Public keys of configuration-token issuers, cached per JWKS URL. Unlike jose's remote key set,
 * known keys keep working when a refresh fails (stale-if-error), so an issuer outage does not
 * lock every analyst out.
 * @module
 */
import type { CryptoKey } from 'jose'
import { LRUCache } from 'lru-cache'
import type { Dispatcher } from 'undici'
import { type Clock, systemClock } from '../clock.ts'
import { AuthorizationError } from '../errors/relay-error.ts'
import { AUTH_REASONS } from './auth-reasons.ts'
import { fetchJwks, type JwksKeys } from './fetch-jwks.ts'

/** The part of a pino logger the resolver uses. */
export interface WarnLogger {
  warn(details: object, message: string): void
}

/** Options of {@link createKeyResolver}; every one has a production default. */
export interface KeyResolverOptions {
  /** Transport for key downloads. Default: undici's global dispatcher. */
  dispatcher?: Dispatcher
  /** Default: the system clock. */
  clock?: Clock
  /** Budget of one download, headers and body. Default 3000. */
  fetchTimeoutMs?: number
  /** A larger key set is refused; reading stops at the cap. Default 65536. */
  maxBodyBytes?: number
  /**
   * Minimum time between two downloads of one URL, for an unknown `kid` or a stale set.
   * Default 30000.
   */
  refetchCooldownMs?: number
  /** Age after which a key set is refreshed before use. Default 600000 (10 min). */
  maxAgeMs?: number
  /** Key sets kept, least recently used dropped first. Default 16. */
  maxSources?: number
  /** Told about failed refreshes that were absorbed by known keys. Default: silent. */
  logger?: WarnLogger
}

/** Finds the key that should have signed a token. */
export interface KeyResolver {
  /**
   * The RS256 key with this `kid` from the key set at `jwksUrl`. Without a `kid`, the set's only
   * key, if it has exactly one.
   * @throws AuthorizationError `Wrong jwks_host…` when no key set could be obtained, or
   * `kid from JWT header not found…` when the set lacks the key.
   */
  resolve(jwksUrl: string, kid: string | undefined): Promise<CryptoKey>
  /** Downloads attempted so far, failed ones included. */
  fetchCount(): number
  /** Abort downloads in progress and drop every cached key. */
  close(): Promise<void>
}

interface Source {
  keys: JwksKeys | undefined
  fetchedAt: number
  attemptedAt: number
  inflight: Promise<JwksKeys> | undefined
}

const silentLogger: WarnLogger = { warn: () => {} }

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive integer`)
  }
  return value
}

function pick(keys: JwksKeys, kid: string | undefined): CryptoKey | undefined {
  if (kid !== undefined) return keys.byKid.get(kid)
  return keys.all.length === 1 ? keys.all[0] : undefined
}

/**
 * Create the process-wide key cache. One download serves every concurrent request for a URL;
 * an unknown `kid` triggers at most one download per cooldown; after `maxAgeMs` a refresh is
 * tried and, if it fails, the known keys stay in use.
 * @throws TypeError when an option is not a positive integer.
 * @example
 * const keys = createKeyResolver({ logger })
 * const key = await keys.resolve('https://visibility.amp.cisco.com/.well-known/jwks', kid)
 */
export function createKeyResolver(options: KeyResolverOptions = {}): KeyResolver {
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? silentLogger
  const timeoutMs = positiveInteger('fetchTimeoutMs', options.fetchTimeoutMs, 3000)
  const maxBodyBytes = positiveInteger('maxBodyBytes', options.maxBodyBytes, 64 * 1024)
  const cooldownMs = positiveInteger('refetchCooldownMs', options.refetchCooldownMs, 30_000)
  const maxAgeMs = positiveInteger('maxAgeMs', options.maxAgeMs, 600_000)
  const maxSources = positiveInteger('maxSources', options.maxSources, 16)
  const sources = new LRUCache<string, Source>({ max: maxSources })
  const downloads = new Set<Promise<unknown>>()
  const closing = new AbortController()
  let fetches = 0

  const sourceFor = (url: string): Source => {
    let source = sources.get(url)
    if (source === undefined) {
      source = {
        keys: undefined,
        fetchedAt: Number.NEGATIVE_INFINITY,
        attemptedAt: Number.NEGATIVE_INFINITY,
        inflight: undefined,
      }
      sources.set(url, source)
    }
    return source
  }

  const mayRefresh = (source: Source): boolean =>
    source.inflight !== undefined || clock.now() - source.attemptedAt >= cooldownMs

  const load = (url: string, source: Source): Promise<JwksKeys> => {
    if (source.inflight !== undefined) return source.inflight
    source.attemptedAt = clock.now()
    fetches += 1
    const download = fetchJwks(url, {
      dispatcher: options.dispatcher,
      timeoutMs,
      maxBodyBytes,
      signal: closing.signal,
    })
      .then((keys) => {
        source.keys = keys
        source.fetchedAt = clock.now()
        return keys
      })
      .finally(() => {
        source.inflight = undefined
        downloads.delete(download)
      })
    source.inflight = download
    downloads.add(download)
    return download
  }

  const refreshKeepingKeys = async (url: string, source: Source): Promise<void> => {
    try {
      await load(url, source)
    } catch (error) {
      logger.warn(
        { jwksUrl: url, error: error instanceof Error ? error.message : String(error) },
        'JWKS refresh failed; known keys stay in use',
      )
    }
  }

  return {
    async resolve(jwksUrl, kid) {
      if (closing.signal.aborted) throw new Error('The key resolver is closed')
      const source = sourceFor(jwksUrl)
      let keys = source.keys
      if (keys === undefined) {
        try {
          keys = await load(jwksUrl, source)
        } catch (error) {
          throw new AuthorizationError(AUTH_REASONS.wrongJwksHost, { cause: error })
        }
      } else if (clock.now() - source.fetchedAt >= maxAgeMs && mayRefresh(source)) {
        await refreshKeepingKeys(jwksUrl, source)
        keys = source.keys ?? keys
      }
      let key = pick(keys, kid)
      if (key === undefined && mayRefresh(source)) {
        await refreshKeepingKeys(jwksUrl, source)
        key = pick(source.keys ?? keys, kid)
      }
      if (key === undefined) throw new AuthorizationError(AUTH_REASONS.kidNotFound)
      return key
    },
    fetchCount: () => fetches,
    async close() {
      closing.abort()
      await Promise.allSettled([...downloads])
      sources.clear()
    },
  }
}
