/**
 * The relay as a Lambda handler: the same app factory as the server, adapted with
 * `@fastify/aws-lambda`. Built once per container so upstream pools and key caches survive
 * across invocations.
 * @module
 */
import awsLambdaFastify from '@fastify/aws-lambda'
import { type DestinationStream, pino } from 'pino'
import { buildApp } from '../app.ts'
import { parseSettings, type Settings, SettingsError } from '../config/settings.ts'
import { createRelay } from '../create-relay.ts'
import { RelayError } from '../errors/relay-error.ts'
import { type AudienceSource, describeAudienceRule } from '../http/audience.ts'
import { mapError } from '../http/error-mapper.ts'
import { createLogger } from '../logging/create-logger.ts'
import { audienceFromEvent } from './event-audience.ts'
import { routableEvent } from './event-path.ts'
import type { LambdaHttpEvent, LambdaHttpResponse } from './lambda-event.ts'

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

interface DecoratedRequest {
  awsLambda?: { event?: LambdaHttpEvent }
}

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
  // Audiences are computed from the untouched event, then found again by the request Fastify
  // builds from it: event → (decoration) → request → raw request → audience source.
  const audienceByEvent = new WeakMap<object, AudienceSource>()
  const audienceByRequest = new WeakMap<object, AudienceSource>()
  const relay = createRelay(settings, {
    logger,
    audienceSource: ({ headers, encrypted, raw }) =>
      audienceByRequest.get(raw as object) ?? { headers, encrypted },
  })
  const app = buildApp(relay.deps)
  // The adapter decorates the app, which Fastify allows only before ready().
  const proxy = awsLambdaFastify<LambdaHttpEvent>(app, {
    decorateRequest: true,
    decorationPropertyName: 'awsLambda',
  })
  app.addHook('onRequest', async (request) => {
    const event = (request as DecoratedRequest).awsLambda?.event
    const audience = event === undefined ? undefined : audienceByEvent.get(event)
    if (audience !== undefined) audienceByRequest.set(request.raw, audience)
  })
  await app.ready()
  logger.info({ region: settings.region, version: relay.deps.version }, 'gti-relay Lambda ready')
  logger.info(
    { audience: describeAudienceRule(settings.auth, 'lambda') },
    'configuration-token audience',
  )

  return async (event, context) => {
    const routed = routableEvent(event)
    audienceByEvent.set(routed, audienceFromEvent(event))
    return (await proxy(routed, context as never)) as LambdaHttpResponse
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
