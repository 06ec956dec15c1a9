/**
 * Public keys of configuration-token issuers, cached per JWKS URL. Unlike jose's remote key set,
 * known keys keep working when a refresh fails (stale-if-error), so an issuer outage does not
 * lock every analyst out; and a failed download is remembered for a growing while, so a dead
 * key host does not cost one connection attempt per request.
 * @module
 */
import type { CryptoKey } from 'jose'
import { LRUCache } from 'lru-cache'
import type { Dispatcher } from 'undici'
import { type Clock, systemClock } from '../clock.ts'
import { AuthorizationError } from '../errors/relay-error.ts'
import { AUTH_REASONS, keysUnavailableReason } from './auth-reasons.ts'
import { fetchJwks, JwksFetchError, type JwksKeys } from './fetch-jwks.ts'

/** First wait after a failed download before the next one is tried. */
export const DEFAULT_FAILURE_COOLDOWN_MS = 5000

/** The wait after consecutive failures doubles up to this. */
export const DEFAULT_MAX_FAILURE_COOLDOWN_MS = 60_000

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
  /**
   * After a failed download, no new one for this long; the wait doubles with each consecutive
   * failure. Default {@link DEFAULT_FAILURE_COOLDOWN_MS}.
   */
  failureCooldownMs?: number
  /** Cap of the growing wait. Default {@link DEFAULT_MAX_FAILURE_COOLDOWN_MS}. */
  maxFailureCooldownMs?: number
  /** Told once about every failed download, with its cause. Default: silent. */
  logger?: WarnLogger
}

/** Finds the key that should have signed a token. */
export interface KeyResolver {
  /**
   * The RS256 key with this `kid` from the key set at `jwksUrl`. Without a `kid`, the set's only
   * key, if it has exactly one.
   * @throws AuthorizationError `could not fetch keys from <url>: <cause>` when no key set could
   * be obtained (now or in the failure cool-down), or `kid from JWT header not found…` when the
   * set lacks the key.
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
  /** Consecutive failed downloads. */
  failures: number
  /** No download before this time after a failure. */
  retryAt: number
  /** Cause of the last failed download, repeated to callers during the cool-down. */
  lastFailure: string | undefined
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
  const failureCooldownMs = positiveInteger(
    'failureCooldownMs',
    options.failureCooldownMs,
    DEFAULT_FAILURE_COOLDOWN_MS,
  )
  const maxFailureCooldownMs = positiveInteger(
    'maxFailureCooldownMs',
    options.maxFailureCooldownMs,
    DEFAULT_MAX_FAILURE_COOLDOWN_MS,
  )
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
        failures: 0,
        retryAt: Number.NEGATIVE_INFINITY,
        lastFailure: undefined,
      }
      sources.set(url, source)
    }
    return source
  }

  const coolingDown = (source: Source): boolean =>
    source.inflight === undefined && clock.now() < source.retryAt

  const mayRefresh = (source: Source): boolean =>
    source.inflight !== undefined ||
    (clock.now() - source.attemptedAt >= cooldownMs && !coolingDown(source))

  const failed = (url: string, source: Source, error: unknown): never => {
    const cause = error instanceof JwksFetchError ? error.message : 'the download failed'
    source.failures += 1
    const waitMs = Math.min(
      failureCooldownMs * 2 ** Math.min(source.failures - 1, 30),
      maxFailureCooldownMs,
    )
    source.retryAt = clock.now() + waitMs
    source.lastFailure = cause
    // Once per download, whatever the number of requests that waited for it.
    logger.warn(
      {
        jwksUrl: url,
        cause,
        consecutiveFailures: source.failures,
        retryInMs: waitMs,
        knownKeys: source.keys !== undefined,
      },
      source.keys === undefined
        ? 'JWKS download failed; tokens from this issuer are refused until one succeeds'
        : 'JWKS download failed; known keys stay in use',
    )
    throw error
  }

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
      .then(
        (keys) => {
          source.keys = keys
          source.fetchedAt = clock.now()
          source.failures = 0
          source.retryAt = Number.NEGATIVE_INFINITY
          source.lastFailure = undefined
          return keys
        },
        (error: unknown) => failed(url, source, error),
      )
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
    } catch {
      // Logged by `failed`; the known keys answer instead.
    }
  }

  return {
    async resolve(jwksUrl, kid) {
      if (closing.signal.aborted) throw new Error('The key resolver is closed')
      const source = sourceFor(jwksUrl)
      let keys = source.keys
      if (keys === undefined) {
        if (coolingDown(source)) {
          throw new AuthorizationError(
            keysUnavailableReason(jwksUrl, source.lastFailure ?? 'the download failed'),
          )
        }
        try {
          keys = await load(jwksUrl, source)
        } catch (error) {
          const cause = error instanceof JwksFetchError ? error.message : 'the download failed'
          throw new AuthorizationError(keysUnavailableReason(jwksUrl, cause), { cause: error })
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
