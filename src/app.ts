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
import type { Logger } from 'pino'
import { answerClientError, noteClientError } from './http/client-error.ts'
import { registerConsoleRoutes } from './http/console-routes.ts'
import { createRelayDispatch } from './http/dispatch.ts'
import type { Envelope } from './http/envelope.ts'
import { serveRelayRoutes } from './http/fastify-transport.ts'
import { NO_SCHEMA_COMPILERS } from './http/no-schema-compilers.ts'
import { serializeReply } from './http/raw-json.ts'
import { createRefusalLog } from './http/refusal-log.ts'
import type { RelayDeps } from './http/relay-deps.ts'
import { logRequest } from './http/request-log.ts'
import { undecodablePathError } from './http/route-target.ts'
import { createSafeSerializer } from './http/safe-serializer.ts'
import { serverTimeoutOptions } from './http/server-limits.ts'

/**
 * Build the relay's HTTP app (server and CLI console; Lambda answers through the dispatch core
 * alone). Call `listen()` afterwards.
 */
export function buildApp(deps: RelayDeps): FastifyInstance {
  const { settings } = deps
  const dispatch = createRelayDispatch(deps)
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
    frameworkErrors: (_error, request, reply) => {
      const answer = dispatch.fail('unknown', undecodablePathError(), request.log as Logger)
      ;(reply as FastifyReply).code(answer.status).headers(answer.headers).send(answer.body)
      // Fastify runs no onResponse hook for these: the request line is written here, as Lambda does.
      logRequest(request.log as Logger, {
        method: request.method,
        route: answer.route,
        status: answer.status,
        durationMs: (reply as FastifyReply).elapsedTime,
        errors: answer.errors,
      })
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

  // The relay error codes of an envelope the dispatch core did not make (console routes), read
  // before it becomes JSON; the core's own answers are on `request.relayAnswer`.
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
    const answer = request.relayAnswer
    logRequest(request.log, {
      method: request.method,
      route: answer?.route ?? request.routeOptions.url ?? 'unknown',
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
      errors: answer === null ? errorCodes.get(request) : answer.errors,
    })
  })

  serveRelayRoutes(app, dispatch)
  if (deps.console !== undefined) registerConsoleRoutes(app, deps.console)
  return app
}
