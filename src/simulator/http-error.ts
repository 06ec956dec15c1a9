/**
 * The upstream's error shape, `{"error": {"code", "message"}}`, as a
 * throwable so route code can refuse a request from any depth.
 * @module
 */

/** An error answer: HTTP status plus the upstream's dotted code and message. */
export class SimHttpError extends Error {
  readonly status: number
  readonly code: string

  constructor(status: number, code: string, message: string) {
    super(message)
    this.name = 'SimHttpError'
    this.status = status
    this.code = code
  }
}

/** The JSON body of an error answer. */
export function errorBody(
  code: string,
  message: string,
): { error: { code: string; message: string } } {
  return { error: { code, message } }
}

/** The exact body ThreatINSIGHT sends for a missing, unknown or unauthorised key. */
export const AUTH_ERROR_BODY = errorBody(
  'client.invalid_authentication',
  'Authentication is invalid.',
)
