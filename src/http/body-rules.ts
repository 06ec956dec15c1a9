/**
 * The rules a request body meets before any handler sees it, as the HTTP server (Fastify)
 * applies them while reading a body, written out for transports that get the body whole (a
 * Lambda event). Failures carry the HTTP status the server's framework would give them, so the
 * error mapper answers both transports alike (413 → payload too large, 415 → invalid argument).
 * @module
 */

/** Methods whose body is read; others (GET, HEAD, TRACE, unknown ones) are answered without. */
export const BODY_METHODS: ReadonlySet<string> = new Set([
  'DELETE',
  'OPTIONS',
  'PATCH',
  'PUT',
  'POST',
  'QUERY',
])

/** A body refusal with the status the error mapper reads. */
export class BodyRefusal extends Error {
  readonly statusCode: number

  constructor(statusCode: number, message: string) {
    super(message)
    this.name = 'BodyRefusal'
    this.statusCode = statusCode
  }
}

const TOKEN = /^[\w!#$%&'*+.^`|~-]+$/
const TOKEN_THEN_SPACE = /^[\w!#$%&'*+.^`|~-]+\s*$/

/** Whether a Content-Type value starts with a well-formed `type/subtype` (RFC 9110 tokens). */
export function isValidMediaType(value: string): boolean {
  const semicolon = value.indexOf(';')
  const media = semicolon === -1 ? value : value.slice(0, semicolon)
  const slash = media.indexOf('/')
  if (slash === -1) return false
  const type = media.slice(0, slash).trimStart()
  const subtype = media.slice(slash + 1).trimEnd()
  return TOKEN.test(type) && TOKEN_THEN_SPACE.test(subtype)
}

/**
 * The body a handler gets, or a thrown {@link BodyRefusal}: a malformed Content-Type is refused
 * (415) even with no body, a body over `maxBodyBytes` is refused (413), and methods without a
 * body get none. The body is JSON whatever the Content-Type says; handlers parse it.
 */
export function admitBody(
  method: string,
  contentType: string | undefined,
  body: Buffer | undefined,
  maxBodyBytes: number,
): Buffer | undefined {
  if (!BODY_METHODS.has(method)) return undefined
  // RFC 10008: a QUERY must say what its content is.
  if (method === 'QUERY' && contentType === undefined) {
    throw new BodyRefusal(400, 'QUERY without a Content-Type')
  }
  if (contentType !== undefined && !isValidMediaType(contentType)) {
    throw new BodyRefusal(415, 'Unsupported Media Type')
  }
  if (body !== undefined && body.length > maxBodyBytes) {
    throw new BodyRefusal(413, 'Request body is too large')
  }
  return body === undefined || body.length === 0 ? undefined : body
}
