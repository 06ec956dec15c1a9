/**
 * A relay answer as the response API Gateway and Function URLs expect.
 * @module
 */
import type { RelayAnswer } from '../http/dispatch.ts'
import type { LambdaHttpResponse } from './lambda-event.ts'

/** The response to an event of `method`; a HEAD answer keeps its headers and drops its body. */
export function lambdaResponse(answer: RelayAnswer, method: string): LambdaHttpResponse {
  const raw = answer.body
  const body = typeof raw === 'string' ? raw : raw.toString('utf8')
  const bytes = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length
  return {
    statusCode: answer.status,
    headers: { ...answer.headers, 'content-length': String(bytes) },
    body: method === 'HEAD' ? '' : body,
    isBase64Encoded: false,
  }
}
