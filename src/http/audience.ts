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
  /** Set when the host and mount path were rebuilt from a Lambda event, not read from a request. */
  fromLambdaEvent?: boolean
}

/** The settings the audience depends on. */
export interface AudienceOptions {
  publicUrl: string | undefined
  trustProxy: boolean
}

/** How an audience was derived: words for a refusal reason. */
export interface AudienceOrigin {
  /** E.g. `from the request's Host header`. */
  derivation: string
  /** True when `RELAY_PUBLIC_URL` fixed the audience. */
  fromSetting: boolean
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
export function deriveAudience(source: AudienceSource, options: AudienceOptions): string {
  if (options.publicUrl !== undefined) return options.publicUrl
  const forwardedProto = options.trustProxy ? first(source.headers['x-forwarded-proto']) : undefined
  const forwardedHost = options.trustProxy ? first(source.headers['x-forwarded-host']) : undefined
  const scheme = forwardedProto?.toLowerCase() ?? (source.encrypted ? 'https' : 'http')
  const host = forwardedHost ?? first(source.headers.host) ?? 'localhost'
  const mount = (source.mountPath ?? '').replace(/\/+$/, '')
  return `${scheme}://${host}${mount}`
}

/** Which rule of {@link deriveAudience} applied to `source`, in words. */
export function explainAudience(source: AudienceSource, options: AudienceOptions): AudienceOrigin {
  if (options.publicUrl !== undefined) {
    return { derivation: 'from the RELAY_PUBLIC_URL setting', fromSetting: true }
  }
  if (source.fromLambdaEvent === true) {
    return {
      derivation: "from the Lambda event's domain name and API Gateway stage",
      fromSetting: false,
    }
  }
  const forwardedHost =
    options.trustProxy && first(source.headers['x-forwarded-host']) !== undefined
  const forwardedProto =
    options.trustProxy && first(source.headers['x-forwarded-proto']) !== undefined
  if (forwardedHost || forwardedProto) {
    const used = [
      forwardedProto ? 'X-Forwarded-Proto' : undefined,
      forwardedHost ? 'X-Forwarded-Host' : "the request's Host",
    ].filter((name) => name !== undefined)
    return {
      derivation: `from ${used.join(' and ')} headers, as TRUST_PROXY is on`,
      fromSetting: false,
    }
  }
  if (first(source.headers.host) === undefined) {
    return {
      derivation: 'the request had no Host header, so localhost was assumed',
      fromSetting: false,
    }
  }
  return { derivation: "from the request's Host header", fromSetting: false }
}

/** The audience rule of a whole process, for its start-up log line. */
export function describeAudienceRule(
  options: AudienceOptions,
  runtime: 'server' | 'lambda',
): string {
  if (options.publicUrl !== undefined) return `${options.publicUrl} (RELAY_PUBLIC_URL)`
  if (runtime === 'lambda') {
    return "https://<the event's domain name>[/<API Gateway stage>], from each event; set RELAY_PUBLIC_URL to fix it"
  }
  return options.trustProxy
    ? '<X-Forwarded-Proto or the connection scheme>://<X-Forwarded-Host or Host>, from each request (TRUST_PROXY is on); set RELAY_PUBLIC_URL to fix it'
    : '<the connection scheme>://<Host header>, from each request; set RELAY_PUBLIC_URL to fix it'
}
