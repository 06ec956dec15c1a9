/**
 * The tiles workflow: the detections a tile needs, read once per
 * (key, test-accounts flag, query) and shared through the cache by every
 * tile and concurrent request, then shaped by the tile's builder.
 * @module
 */
import type { Cache } from '../cache/index.ts'
import { cacheKey } from '../cache/index.ts'
import { RelayError } from '../errors/relay-error.ts'
import { buildTile, type TileData } from './build-tile.ts'
import type { DetectionSet } from './detection-set.ts'
import { cacheTtlMs, type Period, periodWindow } from './periods.ts'
import { type DetectionsQuery, readDetections } from './read-detections.ts'
import type { TileDefinition } from './tile-definitions.ts'
import type { TilesUpstream } from './upstream.ts'

/** Relay-wide dependencies of the tiles. */
export interface TilesDeps {
  upstream: TilesUpstream
  cache: Cache<DetectionSet>
  /** Built tile answers, sized on their own (see `createTileAnswersCache`). */
  answers: Cache<TileData>
  portalUrl: string
  /** The cap of detections read per query. */
  maxDetections: number
  /** Budget of the reads one request starts. */
  timeoutMs: number
  now: () => number
}

/** One tile-data request after authentication and validation. */
export interface TileDataRequest {
  tile: TileDefinition
  period: Period
  apiKey: string
  allowTestAccounts: boolean
}

/** The tile's data and the warnings beside it. */
export interface TileDataResult {
  data: TileData
  errors: RelayError[]
}

const SCOPE = 'tiles:detections'
const ANSWER_SCOPE = 'tiles:answer'

/**
 * The tile's answer, built once per read of its sets: an answer is cached
 * under the instants its sets were read, so a newer read is built afresh.
 * It is cached beside the sets with its own size, and expires with them.
 */
function buildOnce(
  request: TileDataRequest,
  created: DetectionSet,
  active: DetectionSet | undefined,
  deps: TilesDeps,
): Promise<TileData> {
  const ttlMs = cacheTtlMs(request.period)
  const key = cacheKey({
    scope: ANSWER_SCOPE,
    apiKey: request.apiKey,
    allowTestAccounts: request.allowTestAccounts,
    query: `${request.tile.id}|${request.period}|${created.readAtMs}|${active?.readAtMs ?? '-'}`,
  })
  const build = async (): Promise<TileData> =>
    buildTile(request.tile.id, {
      period: request.period,
      window: periodWindow(request.period, created.readAtMs),
      created,
      ...(active === undefined ? {} : { active }),
      portalUrl: deps.portalUrl,
    })
  const leftMs = created.readAtMs + ttlMs - deps.now()
  return deps.answers.getOrLoad(key, leftMs, build)
}

function failure(what: string, error: unknown): RelayError {
  if (error instanceof RelayError) {
    if (error.code === 'authorization error') return error
    return new RelayError(error.code, `ThreatINSIGHT ${what} failed: ${error.message}`, {
      cause: error,
    })
  }
  return new RelayError('internal error', `ThreatINSIGHT ${what} failed unexpectedly.`, {
    cause: error,
  })
}

function capWarning(what: string, set: DetectionSet, maxDetections: number): RelayError {
  const more = set.unread > 0 ? `${set.unread} more` : 'more'
  return new RelayError(
    'limit reached',
    `ThreatINSIGHT has ${more} ${what} than the ${maxDetections} the relay reads per query (GTI_TILES_MAX_DETECTIONS); the figures are a lower bound.`,
  )
}

/** Answer one tile-data request. */
export async function tileData(request: TileDataRequest, deps: TilesDeps): Promise<TileDataResult> {
  const ttlMs = cacheTtlMs(request.period)
  const load = (query: string, what: string, detections: (nowMs: number) => DetectionsQuery) =>
    deps.cache
      .getOrLoad(
        cacheKey({
          scope: SCOPE,
          apiKey: request.apiKey,
          allowTestAccounts: request.allowTestAccounts,
          query,
        }),
        ttlMs,
        () => {
          const nowMs = deps.now()
          // No abort signal: the read is shared, and one caller leaving must not fail the others.
          return readDetections(
            deps.upstream,
            { apiKey: request.apiKey, deadlineMs: nowMs + deps.timeoutMs },
            detections(nowMs),
            {
              maxDetections: deps.maxDetections,
              allowTestAccounts: request.allowTestAccounts,
              nowMs,
            },
          )
        },
      )
      .catch((error: unknown) => {
        throw failure(what, error)
      })

  const createdRead = load(`created|${request.period}`, 'detections listing', (nowMs) => {
    const window = periodWindow(request.period, nowMs)
    return {
      createdOrShared: {
        start: new Date(window.startMs).toISOString(),
        end: new Date(window.endMs).toISOString(),
      },
    }
  })
  // Active detections do not depend on the period, only on how fresh they must be.
  const activeRead =
    request.tile.id === 'gti-detection-overview'
      ? load(`active|${ttlMs}`, 'active detections listing', () => ({ activeOnly: true }))
      : undefined
  const [created, active] = await Promise.all([createdRead, activeRead])

  const errors: RelayError[] = []
  if (created.capped)
    errors.push(capWarning('detections in this period', created, deps.maxDetections))
  if (active?.capped) errors.push(capWarning('active detections', active, deps.maxDetections))
  return { data: await buildOnce(request, created, active, deps), errors }
}
