/**
 * The relay's one connection to Redis, built so that Redis can never fail or
 * slow a request much: commands are refused at once while the connection is
 * down (no offline queue), every command has a short deadline, a run of
 * timeouts opens a breaker that skips Redis for a while, and reconnection
 * happens in the background. Going down and coming back are logged once each.
 * @module
 */
import type { Logger } from 'pino'
import type { RedisClientType } from 'redis'

/** Returned by {@link RedisLink.run} when Redis could not answer; the caller uses local state. */
export const UNAVAILABLE: unique symbol = Symbol('redis unavailable')

/** Settings of the link. */
export interface RedisLinkOptions {
  url: string
  connectTimeoutMs: number
  commandTimeoutMs: number
  logger: Logger
  now: () => number
}

/** A Redis connection that degrades to {@link UNAVAILABLE} instead of failing. */
export interface RedisLink {
  /** Runs `command` if Redis is usable now; {@link UNAVAILABLE} when not or when it fails. */
  run<T>(command: (client: RedisClientType) => Promise<T>): Promise<T | typeof UNAVAILABLE>
  /** Whether the last contact with Redis succeeded. */
  readonly up: boolean
  /** Called each time the connection becomes ready (after a start or an outage). */
  onReady(listener: () => void): void
  close(): Promise<void>
}

/** Consecutive command timeouts that open the breaker, and how long it stays open. */
const BREAKER_TIMEOUTS = 3
const BREAKER_OPEN_MS = 1000
/** Longest wait between reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2000

/** Connect to Redis in the background; usable at once (commands answer UNAVAILABLE until ready). */
export function createRedisLink(options: RedisLinkOptions): RedisLink {
  const { logger, now } = options
  let client: RedisClientType | undefined
  let closed = false
  let up = false
  let everUp = false
  let reportedDown = false
  let timeouts = 0
  let breakerUntilMs = 0
  const readyListeners: (() => void)[] = []

  const markDown = (reason: string): void => {
    up = false
    if (reportedDown || closed) return
    reportedDown = true
    logger.warn(
      { reason },
      'Redis is unavailable: caches and back-off use in-process state until it is back',
    )
  }
  const markUp = (): void => {
    up = true
    timeouts = 0
    breakerUntilMs = 0
    if (reportedDown || !everUp) {
      logger.info(
        everUp ? 'Redis is back: shared state resumes' : 'Redis connected: shared state on',
      )
    }
    everUp = true
    reportedDown = false
    for (const listener of readyListeners) listener()
  }

  // Loaded on first use so a relay without REDIS_URL never pays for the client's import.
  const started = import('./redis-client.ts').then(({ createClient }) => {
    if (closed) return
    const created = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: options.connectTimeoutMs,
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
      },
      commandOptions: { timeout: options.commandTimeoutMs, rejectInFlight: true },
    }) as unknown as RedisClientType
    created.on('error', (error: unknown) => {
      markDown(error instanceof Error ? error.message : 'connection error')
    })
    created.on('end', () => markDown('connection closed'))
    created.on('ready', markUp)
    client = created
    created.connect().catch((error: unknown) => {
      markDown(error instanceof Error ? error.message : 'connect failed')
    })
  })
  started.catch((error: unknown) => {
    markDown(error instanceof Error ? error.message : 'client failed to load')
  })

  let probing = false
  async function run<T>(
    command: (client: RedisClientType) => Promise<T>,
  ): Promise<T | typeof UNAVAILABLE> {
    if (closed || client === undefined || !client.isReady) return UNAVAILABLE
    if (breakerUntilMs > now()) return UNAVAILABLE
    try {
      const value = await command(client)
      timeouts = 0
      if (!up) markUp()
      return value
    } catch (error) {
      // The client's TimeoutError and TimeoutReadError leave `name` as 'Error'; the class tells.
      const kind = error instanceof Error ? error.constructor.name : ''
      if (kind.startsWith('Timeout')) {
        timeouts += 1
        if (timeouts >= BREAKER_TIMEOUTS || probing) openBreaker()
      }
      return UNAVAILABLE
    }
  }
  // While open, Redis is not asked; when it closes, one PING (not a request) finds out whether
  // Redis answers again, so recovery does not wait for traffic.
  function openBreaker(): void {
    timeouts = 0
    breakerUntilMs = now() + BREAKER_OPEN_MS
    markDown('commands time out')
    const timer = setTimeout(() => {
      probing = true
      void run((current) => current.ping()).finally(() => {
        probing = false
      })
    }, BREAKER_OPEN_MS + 10)
    timer.unref()
  }

  return {
    get up() {
      return up
    },
    onReady(listener) {
      readyListeners.push(listener)
    },
    run,
    async close() {
      closed = true
      await started.catch(() => {})
      const current = client
      client = undefined
      if (current === undefined) return
      try {
        if (current.isOpen) await current.close()
        else current.destroy()
      } catch {
        current.destroy()
      }
    },
  }
}
