/**
 * The relay as a Lambda handler: each event is answered by the same dispatch core as the
 * server's requests (route table, token check, handlers, error mapping, limits), without an
 * HTTP framework in between, so a cold start loads no Fastify. Built once per container so
 * upstream pools and key caches survive across invocations.
 * @module
 */
import { randomUUID } from 'node:crypto'
import { type DestinationStream, pino } from 'pino'
import { parseSettings, type Settings, SettingsError } from '../config/settings.ts'
import { createRelay } from '../create-relay.ts'
import { RelayError } from '../errors/relay-error.ts'
import { describeAudienceRule } from '../http/audience.ts'
import { createRelayDispatch, type RelayExchange } from '../http/dispatch.ts'
import { mapError } from '../http/error-mapper.ts'
import { logRequest } from '../http/request-log.ts'
import { createLogger } from '../logging/create-logger.ts'
import { audienceFromEvent } from './event-audience.ts'
import { routableEvent } from './event-path.ts'
import { requestOfEvent } from './event-request.ts'
import type { LambdaHttpEvent, LambdaHttpResponse } from './lambda-event.ts'
import { lambdaResponse } from './lambda-response.ts'

/** A promise-style Lambda handler (the only style `nodejs24.x` still runs). */
export type LambdaHandler = (
  event: LambdaHttpEvent,
  context: unknown,
) => Promise<LambdaHttpResponse>

/** Options of {@link createLambdaHandler}. */
export interface LambdaHandlerOptions {
  /** Where log lines go; default a synchronous stdout, so nothing is lost when Lambda freezes. */
  destination?: DestinationStream
}

// Lambda answers each event in full or not at all: no caller hangs up halfway.
const NEVER_GONE = new AbortController().signal

/**
 * Parse `env` once and build the handler. Invalid settings do not throw: the handler then
 * answers every event with HTTP 500 and a JSON error naming the setting, and the problem is
 * logged once here. Throwing at init would leave only API Gateway's bare "Internal Server
 * Error" for the caller and would re-run the failing init on every cold start.
 */
export async function createLambdaHandler(
  env: Readonly<Record<string, string | undefined>>,
  options: LambdaHandlerOptions = {},
): Promise<LambdaHandler> {
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true })
  let settings: Settings
  try {
    settings = parseSettings(env)
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error
    createLogger({ level: 'error', destination }).error(
      { setting: error.message },
      'gti-relay cannot start: invalid settings; every request answers 500',
    )
    return misconfiguredHandler(error.message)
  }

  const logger = createLogger({ level: settings.logLevel, destination })
  const relay = createRelay(settings, { logger })
  const dispatch = createRelayDispatch(relay.deps)
  logger.info({ region: settings.region, version: relay.deps.version }, 'gti-relay Lambda ready')
  logger.info(
    { audience: describeAudienceRule(settings.auth, 'lambda') },
    'configuration-token audience',
  )

  return async (event) => {
    const started = performance.now()
    const log = logger.child({ reqId: randomUUID() })
    let exchange: RelayExchange
    try {
      const { method, url, headers, body } = requestOfEvent(routableEvent(event))
      exchange = {
        method,
        url,
        headers,
        body,
        log,
        clientGone: () => NEVER_GONE,
        audience: audienceFromEvent(event),
      }
    } catch (error) {
      // API Gateway and Function URLs send well-formed events; anything else (a test console,
      // a wrong integration) still gets the relay's envelope rather than a failed invocation.
      const unreadable = new RelayError(
        'invalid argument',
        'The Lambda event is not an HTTP event the relay can read (API Gateway payload 1.0 or 2.0, or a Function URL).',
        { cause: error },
      )
      const answer = dispatch.fail('unknown', unreadable, log)
      logRequest(log, {
        method: 'unknown',
        route: answer.route,
        status: answer.status,
        durationMs: performance.now() - started,
        errors: answer.errors,
      })
      return lambdaResponse(answer, 'POST')
    }
    const { method } = exchange
    const answer = await dispatch.serve(exchange)
    logRequest(log, {
      method,
      route: answer.route,
      status: answer.status,
      durationMs: performance.now() - started,
      errors: answer.errors,
    })
    return lambdaResponse(answer, method)
  }
}

function misconfiguredHandler(reason: string): LambdaHandler {
  const answer = mapError(new RelayError('internal error', `The relay is misconfigured: ${reason}`))
  const body = JSON.stringify(answer.body)
  return async () => ({
    statusCode: answer.status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
  })
}
