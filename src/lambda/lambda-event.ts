/**
 * The parts of a Lambda HTTP event the relay reads. One shape covers API Gateway REST APIs
 * (payload 1.0), HTTP APIs (payload 2.0) and Function URLs (payload 2.0 without routes).
 * @module
 */

/** An API Gateway or Function URL event, as far as the relay looks at it. */
export interface LambdaHttpEvent {
  /** `'2.0'` for HTTP APIs and Function URLs; `'1.0'` or absent for REST APIs. */
  version?: string
  /** Payload 1.0: the method. */
  httpMethod?: string
  /** Payload 1.0: the path below the stage. */
  path?: string
  /** Payload 2.0: the path as requested, stage included when the stage is named. */
  rawPath?: string
  rawQueryString?: string
  headers?: Record<string, string | undefined> | null
  body?: string | null
  isBase64Encoded?: boolean
  pathParameters?: Record<string, string | undefined> | null
  requestContext?: {
    domainName?: string
    stage?: string
    /** Payload 1.0: the path as requested, stage or base path mapping included. */
    path?: string
    requestId?: string
    http?: { method?: string; path?: string; sourceIp?: string; [key: string]: unknown }
    [key: string]: unknown
  }
  [key: string]: unknown
}

/** What the handler answers API Gateway or the Function URL with. */
export interface LambdaHttpResponse {
  statusCode: number
  headers: Record<string, string>
  body: string
  isBase64Encoded?: boolean
  cookies?: string[]
}

/** Whether an event uses payload format 2.0. */
export function isPayloadV2(event: LambdaHttpEvent): boolean {
  return event.version === '2.0' || event.requestContext?.http !== undefined
}
