/**
 * The token audience of a Lambda request: the public base URL XDR was given, rebuilt from the
 * event because the routed request has neither the public host nor the stage.
 * @module
 */
import type { AudienceSource } from '../http/audience.ts'
import { isPayloadV2, type LambdaHttpEvent } from './lambda-event.ts'

function headerValue(event: LambdaHttpEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name && value !== undefined && value !== '') return value
  }
  return undefined
}

/**
 * The path the relay is mounted under, without trailing slash ('' for none).
 * Payload 2.0: `/{stage}` when the stage is named (not `$default`) and the requested path starts
 * with it, which is the case on the execute-api host; custom domains map stages away.
 * Payload 1.0: what the requested path (`requestContext.path`) has in front of the routed path,
 * i.e. the stage on the execute-api host or the base path mapping on a custom domain; `/{stage}`
 * when the event does not carry both paths.
 */
export function mountPathOfEvent(event: LambdaHttpEvent): string {
  const stage = event.requestContext?.stage
  const named = stage !== undefined && stage !== '' && stage !== '$default'
  if (isPayloadV2(event)) {
    if (!named) return ''
    const requested = event.requestContext?.http?.path ?? event.rawPath ?? ''
    const prefix = `/${stage}`
    return requested === prefix || requested.startsWith(`${prefix}/`) ? prefix : ''
  }
  const requested = event.requestContext?.path
  const routed = event.path
  if (requested !== undefined && routed !== undefined && requested.endsWith(routed)) {
    return requested.slice(0, requested.length - routed.length).replace(/\/+$/, '')
  }
  return named ? `/${stage}` : ''
}

/**
 * Where the audience of a Lambda request comes from: `https://` + the domain name the caller
 * used + the mount path. Payload 2.0 takes the domain from `requestContext.domainName`; payload
 * 1.0 from the `Host` header, else `requestContext.domainName`. `RELAY_PUBLIC_URL`, when set,
 * still wins (see `deriveAudience`).
 */
export function audienceFromEvent(event: LambdaHttpEvent): AudienceSource {
  const domain = isPayloadV2(event)
    ? (event.requestContext?.domainName ?? headerValue(event, 'host'))
    : (headerValue(event, 'host') ?? event.requestContext?.domainName)
  return {
    headers: domain === undefined ? {} : { host: domain },
    // API Gateway and Function URLs only serve HTTPS.
    encrypted: true,
    mountPath: mountPathOfEvent(event),
    fromLambdaEvent: true,
  }
}
