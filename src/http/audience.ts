/**
 * The configuration token's audience is the relay's public base URL. Behind a
 * proxy the request alone cannot tell it, hence the setting and the opt-in
 * trust of forwarded headers.
 * @module
 */

/** What the audience is derived from: a subset of an incoming request. */
export interface AudienceSource {
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** Whether the connection to the relay itself was TLS. */
  encrypted: boolean
  /** Path under which the relay is mounted (API Gateway stage), without trailing slash. */
  mountPath?: string
}

function first(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  const head = raw?.split(',')[0]?.trim()
  return head === undefined || head === '' ? undefined : head
}

/**
 * `RELAY_PUBLIC_URL` when set; else scheme + host + mount path of the request,
 * using `X-Forwarded-Proto`/`X-Forwarded-Host` only when `trustProxy`.
 */
export function deriveAudience(
  source: AudienceSource,
  options: { publicUrl: string | undefined; trustProxy: boolean },
): string {
  if (options.publicUrl !== undefined) return options.publicUrl
  const forwardedProto = options.trustProxy ? first(source.headers['x-forwarded-proto']) : undefined
  const forwardedHost = options.trustProxy ? first(source.headers['x-forwarded-host']) : undefined
  const scheme = forwardedProto?.toLowerCase() ?? (source.encrypted ? 'https' : 'http')
  const host = forwardedHost ?? first(source.headers.host) ?? 'localhost'
  const mount = (source.mountPath ?? '').replace(/\/+$/, '')
  return `${scheme}://${host}${mount}`
}
