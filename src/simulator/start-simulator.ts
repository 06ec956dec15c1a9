/**
 * Starts the simulated ThreatINSIGHT: every API family under its own path
 * prefix on one HTTP(S) port, with API-key auth, latency, faults and
 * statistics.
 * @module
 */
import { setMaxListeners } from 'node:events'
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { JWK } from 'jose'
import type { Dataset } from './dataset.ts'
import { indexDataset } from './dataset-index.ts'
import { detectionsRoutes } from './detections-routes.ts'
import { entityRoutes } from './entity-routes.ts'
import { entityV1Routes } from './entity-v1-routes.ts'
import { createEventsApiSwitch, type EventsApiMode } from './events-api-mode.ts'
import { eventsQueryRoutes } from './events-query-route.ts'
import { createFaultInjector, FAULT_API_KEYS, type FaultRule } from './faults.ts'
import { type DatasetCounts, type DatasetSizeName, generateDataset } from './generate-dataset.ts'
import { AUTH_ERROR_BODY, errorBody, SimHttpError } from './http-error.ts'
import { createRandom } from './prng.ts'
import { READ_ONLY_API_KEY, READ_ONLY_REPLY, resolveRoutes } from './resolve-route.ts'
import { createRouter, normalisePath, type SimReply } from './router.ts'
import { sensorRoutes } from './sensor-routes.ts'
import { loadSigningKey } from './signing-key.ts'
import { simRoutes } from './sim-routes.ts'
import { createStatsTracker, type SimulatorStats } from './stats.ts'
import { createTlsMaterial } from './tls-certificate.ts'

/** The API key accepted when no other is configured. */
export const DEFAULT_API_KEY = 'sim-api-key-0001'
/** The `jwks_host` claim put in tokens by default (an allowed XDR region). */
export const DEFAULT_JWKS_HOST = 'visibility.amp.cisco.com'
const MAX_BODY_BYTES = 1024 * 1024

/** Options of {@link startSimulator}; every one is optional. */
export interface SimulatorOptions {
  /** Default `127.0.0.1`. */
  host?: string
  /** Default 0 (any free port). */
  port?: number
  /** Serve HTTPS with a certificate made at start; its CA is `ca` on the result. */
  https?: boolean
  /** Serve this dataset instead of generating one from `seed`/`size`/`now`. */
  dataset?: Dataset
  seed?: number
  size?: DatasetSizeName | DatasetCounts
  now?: Date | number | string
  /** Default {@link DEFAULT_API_KEY}. */
  apiKey?: string
  /** More accepted keys. */
  apiKeys?: readonly string[]
  /** Keys answered 403 (known but without rights). */
  forbiddenKeys?: readonly string[]
  /** Keys that may read but get 403 on writes (resolve); `fault-read-only` always is one. */
  readOnlyKeys?: readonly string[]
  /** A private JWK file: read when present, else created, so processes share one signing key. */
  keyFile?: string
  /** Each API call is answered this long after it arrived (the answer is made meanwhile). Default 0. */
  latencyMs?: number
  /** Up to this much more, at random per call. Default 0. */
  jitterMs?: number
  /** Share of API calls answered 500 at random (seeded). Default 0. */
  errorRate?: number
  faults?: readonly FaultRule[]
  /** Seed of the latency and error randomness; default `seed` or 1. */
  faultSeed?: number
  /** Default `https://portal.simulator.invalid` (never served). */
  portalUrl?: string
  /** The Events API's state at start; default `up` (see `PUT /_sim/events-api`). */
  eventsApi?: EventsApiMode
}

/** Base URLs in the form the relay's settings take them (with trailing slash). */
export interface SimulatorUrls {
  detections: string
  events: string
  entity: string
  /** The Entity API v1 base (pdns, file, dhcp history). */
  entityV1: string
  sensor: string
  portal: string
  jwks: string
}

/** A running simulator. */
export interface RunningSimulator {
  /** Origin, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string
  urls: SimulatorUrls
  apiKey: string
  dataset: Dataset
  /** PEM of the CA that signed the HTTPS certificate (HTTPS mode only). */
  ca?: string
  publicJwk: JWK
  /**
   * Signs an RS256 token with the simulator's key. Defaults: `key` = the
   * API key, `jwks_host` = {@link DEFAULT_JWKS_HOST}, `iat` = now,
   * `exp` = now + 1 h; `claims` override them (pass `aud`).
   */
  signToken(claims: Record<string, unknown>): Promise<string>
  stats(): SimulatorStats
  resetStats(): void
  /** Replaces the fault rules. */
  setFaults(rules: readonly FaultRule[]): void
  /** Undoes every resolve since start (also `POST /_sim/dataset/reset`); answers how many. */
  resetDataset(): number
  /** Takes the Events API down (`gone-404`, `gone-410`, `gone-501`) or back `up`. */
  setEventsApi(mode: EventsApiMode): void
  /** Ends every connection (hanging requests included) and frees the port. */
  close(): Promise<void>
}

/** Starts a simulator. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const dataset =
    options.dataset ??
    generateDataset({
      seed: options.seed ?? 1,
      size: options.size ?? 'small',
      ...(options.now === undefined ? {} : { now: options.now }),
    })
  const apiKey = options.apiKey ?? DEFAULT_API_KEY
  const readOnly = new Set([READ_ONLY_API_KEY, ...(options.readOnlyKeys ?? [])])
  const accepted = new Set([apiKey, ...(options.apiKeys ?? []), ...FAULT_API_KEYS, ...readOnly])
  const forbidden = new Set(options.forbiddenKeys ?? [])
  const [signing, tls] = await Promise.all([
    loadSigningKey(options.keyFile),
    options.https ? createTlsMaterial() : undefined,
  ])
  const signToken = (claims: Record<string, unknown>): Promise<string> => {
    const now = Math.floor(Date.now() / 1000)
    return signing.sign({
      key: apiKey,
      jwks_host: DEFAULT_JWKS_HOST,
      iat: now,
      exp: now + 3600,
      ...claims,
    })
  }
  const stats = createStatsTracker()
  const faults = createFaultInjector(options.faults)
  const random = createRandom(options.faultSeed ?? options.seed ?? 1)
  const latencyMs = Math.max(0, options.latencyMs ?? 0)
  const jitterMs = Math.max(0, options.jitterMs ?? 0)
  const errorRate = options.errorRate ?? 0
  const closing = new AbortController()
  // Every delayed call waits on this one signal; hundreds at once are normal, not a leak.
  setMaxListeners(0, closing.signal)

  const index = indexDataset(dataset)
  const resolving = resolveRoutes(index)
  const eventsApi = createEventsApiSwitch(options.eventsApi)
  const route = createRouter([
    ...detectionsRoutes(index),
    ...resolving.routes,
    ...eventsQueryRoutes(index, eventsApi),
    ...entityRoutes(index),
    ...entityV1Routes(index),
    ...sensorRoutes(index),
    ...simRoutes({ dataset, stats, faults, publicJwk: signing.publicJwk, signToken, eventsApi }),
  ])

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid')
    const method = req.method ?? 'GET'
    const path = normalisePath(url.pathname)
    const found = route(method, path)
    if (found === undefined || 'methodNotAllowed' in found) {
      stats.begin('not-found', false)()
      const reply: SimReply =
        found === undefined
          ? { status: 404, body: errorBody('client.not_found', `No route for ${method} ${path}.`) }
          : {
              status: 405,
              body: errorBody('client.method_not_allowed', `${method} is not allowed on ${path}.`),
              headers: { allow: found.allowed.join(', ') },
            }
      send(res, reply)
      stats.status(reply.status)
      return
    }
    const current = found.route
    const counted = current.kind !== 'admin'
    if (counted) res.once('close', stats.begin(current.name, current.kind === 'api'))
    const reply = async (answer: SimReply, malformed = false): Promise<void> => {
      send(res, answer, malformed)
      if (counted) stats.status(malformed ? 200 : answer.status)
    }
    // The upstream's latency runs from the call's arrival. The answer is made during that wait,
    // as a service that answers calls in parallel would: only when this one thread has more work
    // than the wait covers does a caller see it (bench round trips measure the relay, not this).
    const arrivedMs = performance.now()
    let waitMs = 0
    try {
      const bodyText = await readBody(req)
      let malformed = false
      if (current.kind === 'api') {
        const key = apiKeyOf(req)
        if (key === undefined || !(accepted.has(key) || forbidden.has(key))) {
          return await reply({ status: 401, body: AUTH_ERROR_BODY })
        }
        if (forbidden.has(key)) return await reply({ status: 403, body: AUTH_ERROR_BODY })
        if (readOnly.has(key) && current.method === 'PUT') return await reply(READ_ONLY_REPLY)
        waitMs = latencyMs + (jitterMs > 0 ? random.next() * jitterMs : 0)
        const texts = [...url.searchParams.values(), bodyText]
        const fault =
          faults.pick({ apiKey: key, route: current.name, texts }) ??
          (errorRate > 0 && random.next() < errorRate ? { fault: 'http-500' as const } : undefined)
        if (fault !== undefined) {
          if (waitMs > 0) await sleep(waitMs, undefined, { signal: closing.signal })
          waitMs = 0
          stats.fault(fault.fault)
          switch (fault.fault) {
            case 'hang':
              return
            case 'reset':
              req.socket.resetAndDestroy()
              return
            case 'malformed-json':
              malformed = true
              break
            default:
              return await reply(faultReply(fault))
          }
        }
      }
      const answer = await current.handle({
        method,
        path,
        params: found.params,
        query: url.searchParams,
        bodyText,
      })
      const rendered = render(answer, malformed)
      await waitRest(arrivedMs, waitMs, closing.signal)
      write(res, rendered)
      if (counted) stats.status(rendered.status)
    } catch (error) {
      if (closing.signal.aborted) {
        res.destroy()
        return
      }
      await waitRest(arrivedMs, waitMs, closing.signal).catch(() => undefined)
      await reply(
        error instanceof SimHttpError
          ? { status: error.status, body: errorBody(error.code, error.message) }
          : { status: 500, body: errorBody('server.internal_error', 'Internal server error.') },
      )
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    serve(req, res).catch(() => res.destroy())
  }
  const server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, listener)
    : createHttpServer(listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })

  const { address, port } = server.address() as AddressInfo
  const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address
  const origin = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`
  let closed: Promise<void> | undefined
  return {
    url: origin,
    urls: {
      detections: `${origin}/detections/v1/`,
      events: `${origin}/events/v2/`,
      entity: `${origin}/entity/v2/`,
      entityV1: `${origin}/entity/v1/`,
      sensor: `${origin}/sensor/v1/`,
      portal: options.portalUrl ?? 'https://portal.simulator.invalid',
      jwks: `${origin}/.well-known/jwks`,
    },
    apiKey,
    dataset,
    ...(tls ? { ca: tls.ca } : {}),
    publicJwk: signing.publicJwk,
    signToken,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setFaults: (rules) => faults.set(rules),
    resetDataset: () => resolving.state.reset(),
    setEventsApi: (mode) => eventsApi.set(mode),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closed
    },
  }
}

function faultReply(fault: FaultRule): SimReply {
  switch (fault.fault) {
    case 'http-401':
      return { status: 401, body: AUTH_ERROR_BODY }
    case 'http-403':
      return { status: 403, body: AUTH_ERROR_BODY }
    case 'http-429':
      return {
        status: 429,
        body: errorBody('client.rate_limited', 'Too many requests.'),
        headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
      }
    default:
      return { status: 500, body: errorBody('server.internal_error', 'Internal server error.') }
  }
}

/** What of the latency is left once the answer is made. */
async function waitRest(arrivedMs: number, waitMs: number, signal: AbortSignal): Promise<void> {
  const restMs = arrivedMs + waitMs - performance.now()
  if (restMs > 0) await sleep(restMs, undefined, { signal })
}

/** A reply as it goes on the wire: status, headers and body text (none for a 204). */
interface RenderedReply {
  status: number
  headers: Record<string, string | number>
  text: string | undefined
}

function render(reply: SimReply, malformed = false): RenderedReply {
  // No content: no body and no content type, as the resolve call answers.
  if (reply.status === 204) return { status: 204, headers: { ...reply.headers }, text: undefined }
  let text = JSON.stringify(reply.body) ?? 'null'
  // Cut mid-document: the answer is complete at the HTTP level but not valid JSON.
  if (malformed) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)))
  return {
    status: malformed ? 200 : reply.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...reply.headers,
    },
    text,
  }
}

function write(res: ServerResponse, rendered: RenderedReply): void {
  if (res.headersSent || res.destroyed) return
  res.writeHead(rendered.status, rendered.headers)
  res.end(rendered.text)
}

function send(res: ServerResponse, reply: SimReply, malformed = false): void {
  write(res, render(reply, malformed))
}

/** The key from `Authorization: IBToken <key>`, else from the `IBToken` cookie. */
function apiKeyOf(req: IncomingMessage): string | undefined {
  const header = /^\s*IBToken\s+(\S(?:.*\S)?)\s*$/i.exec(req.headers.authorization ?? '')
  if (header?.[1] !== undefined) return header[1]
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === 'IBToken' && value.length > 0) {
      try {
        return decodeURIComponent(value.join('='))
      } catch {
        return value.join('=')
      }
    }
  }
  return undefined
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new SimHttpError(413, 'client.payload_too_large', 'The request body is too large.'))
        req.resume()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
