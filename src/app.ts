/**
 * The app factory: one Fastify instance per entry point, built from settings
 * and injected dependencies. No `process.env` here.
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { Socket } from 'node:net'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify'
import { createVerifiedTokenCache, verifyConfigurationToken } from './auth/index.ts'
import { RelayError } from './errors/relay-error.ts'
import { deriveAudience, explainAudience } from './http/audience.ts'
import { answerClientError, noteClientError } from './http/client-error.ts'
import { registerConsoleRoutes } from './http/console-routes.ts'
import type { Envelope } from './http/envelope.ts'
import { mapError } from './http/error-mapper.ts'
import { NO_SCHEMA_COMPILERS } from './http/no-schema-compilers.ts'
import { serializeReply } from './http/raw-json.ts'
import { createRefusalLog } from './http/refusal-log.ts'
import type { RelayDeps } from './http/relay-deps.ts'
import { registerRoutes } from './http/routes.ts'
import { createSafeSerializer } from './http/safe-serializer.ts'
import { serverTimeoutOptions } from './http/server-limits.ts'

/** Build the relay's HTTP app. Call `listen()` (server) or wrap it (Lambda) afterwards. */
export function buildApp(deps: RelayDeps): FastifyInstance {
  const { settings } = deps
  const timeouts = serverTimeoutOptions(settings.server)
  const refusals = createRefusalLog(deps.logger, () => deps.clock.now())
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Request lines are our own (onResponse below), so no header can leak into them.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: settings.limits.maxBodyBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    ...timeouts,
    schemaController: { compilersFactory: NO_SCHEMA_COMPILERS },
    // Node refuses headers over 16 KiB with a bare 431; raise the cap so an oversized token gets
    // the relay's own JSON authorization error instead.
    http: { ...timeouts.http, maxHeaderSize: 64 * 1024 },
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      noteClientError(refusals, error, socket)
      answerClientError(error, socket)
    },
    // A path that cannot be percent-decoded (`/%zz`) names no route; without this Fastify answers
    // 400 with its own body instead of the relay's envelope.
    frameworkErrors: (_error, _request, reply) => {
      const answer = mapError(
        new RelayError('not found', 'The relay has no route at this URL: it cannot be decoded.'),
        settings.limits,
      )
      ;(reply as FastifyReply).code(answer.status).send(answer.body)
    },
  })

  // An observe answer's data may be JSON text already (parts serialised once, see http/raw-json.ts);
  // the safe serializer bounds and guards both kinds. Fastify sends a Buffer as it is.
  app.setReplySerializer(
    createSafeSerializer(settings.limits.maxAnswerBytes, deps.logger, serializeReply) as (
      payload: unknown,
    ) => string,
  )

  // Bodies stay raw until the token is verified; they are JSON whatever the Content-Type.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

  // The relay error codes of each answer, read from the envelope before it becomes JSON.
  const errorCodes = new WeakMap<FastifyRequest, string[]>()
  app.addHook('preSerialization', async (request, _reply, payload) => {
    const errors = (payload as Envelope | null)?.errors
    if (Array.isArray(errors) && errors.length > 0) {
      errorCodes.set(request, [...new Set(errors.map((error) => error.code))])
    }
    return payload
  })

  app.addHook('onResponse', async (request, reply) => {
    // The request's child logger already carries `reqId`.
    const errors = errorCodes.get(request)
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? 'unknown',
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ...(errors === undefined ? {} : { errors }),
    }
    // Liveness probes are frequent and say nothing; keep them out of the info stream.
    if (line.route === '/watchdog') request.log.debug(line, 'request')
    else request.log.info(line, 'request')
  })

  const tokens = createVerifiedTokenCache({ clock: deps.clock })
  const authenticate = (request: FastifyRequest) => {
    const source = deps.audienceSource
      ? deps.audienceSource({
          headers: request.headers,
          encrypted: isEncrypted(request),
          raw: request.raw,
        })
      : { headers: request.headers, encrypted: isEncrypted(request) }
    return verifyConfigurationToken(request.headers.authorization, {
      audience: deriveAudience(source, settings.auth),
      audienceOrigin: explainAudience(source, settings.auth),
      auth: settings.auth,
      keys: deps.keys,
      clock: deps.clock,
      cache: tokens,
    })
  }

  registerRoutes(app, deps, authenticate)
  if (deps.console !== undefined) registerConsoleRoutes(app, deps.console)
  return app
}

function isEncrypted(request: FastifyRequest): boolean {
  return (request.raw.socket as { encrypted?: boolean } | undefined)?.encrypted === true
}
