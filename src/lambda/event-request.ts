/**
 * A Lambda HTTP event read as a request: method, request target, lower-case headers and the
 * decoded body, as an HTTP server would have received them.
 * @module
 */
import { isPayloadV2, type LambdaHttpEvent } from './lambda-event.ts'

/** The request an event carries. */
export interface EventRequest {
  method: string
  /** Path plus query string. */
  url: string
  headers: Record<string, string>
  /** The body bytes (base64 decoded when the event says so); undefined when empty. */
  body: Buffer | undefined
}

function headersOf(event: LambdaHttpEvent): Record<string, string> {
  const headers: Record<string, string> = {}
  const multi = event.multiValueHeaders as Record<string, string[] | undefined> | null | undefined
  for (const [name, values] of Object.entries(multi ?? {})) {
    if (values !== undefined && values.length > 0) headers[name.toLowerCase()] = values.join(', ')
  }
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value
  }
  // Payload 2.0 moves cookies out of the headers.
  const cookies = event.cookies
  if (Array.isArray(cookies) && cookies.length > 0) headers.cookie = cookies.join('; ')
  return headers
}

function queryOf(event: LambdaHttpEvent): string {
  if (isPayloadV2(event)) return event.rawQueryString ?? ''
  const multi = event.multiValueQueryStringParameters as
    | Record<string, string[] | undefined>
    | null
    | undefined
  const single = event.queryStringParameters as
    | Record<string, string | undefined>
    | null
    | undefined
  const pairs: string[] = []
  for (const [name, values] of Object.entries(multi ?? {})) {
    for (const value of values ?? []) pairs.push(`${name}=${encodeURIComponent(value)}`)
  }
  if (pairs.length === 0) {
    for (const [name, value] of Object.entries(single ?? {})) {
      if (value !== undefined) pairs.push(`${name}=${encodeURIComponent(value)}`)
    }
  }
  return pairs.join('&')
}

/** The request of an event (whose payload 2.0 path is already relative to the mount path). */
export function requestOfEvent(event: LambdaHttpEvent): EventRequest {
  const v2 = isPayloadV2(event)
  const method = (
    (v2 ? event.requestContext?.http?.method : event.httpMethod) ?? 'GET'
  ).toUpperCase()
  const path = (v2 ? event.rawPath : event.path) ?? '/'
  const query = queryOf(event)
  const text = event.body
  const body =
    text === undefined || text === null || text === ''
      ? undefined
      : Buffer.from(text, event.isBase64Encoded === true ? 'base64' : 'utf8')
  return { method, url: query === '' ? path : `${path}?${query}`, headers: headersOf(event), body }
}
