/**
 * Verification of the configuration token XDR sends with every call (relay-api.md,
 * "Configuration token"). Every refusal is an {@link AuthorizationError} whose reason is safe to
 * show: no token, key or unbounded attacker text ever goes into it.
 * @module
 */

import {
  type CryptoKey,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  jwtVerify,
  type ProtectedHeaderParameters,
} from 'jose'
import * as z from 'zod'
import { type Clock, systemClock } from '../clock.ts'
import type { Settings } from '../config/settings.ts'
import { AuthorizationError } from '../errors/relay-error.ts'
import { isHeaderSafe } from '../net/header-safe.ts'
import {
  AUTH_REASONS,
  algorithmNotAllowedReason,
  type ExpectedAudience,
  hostNotAllowedReason,
  wrongAudienceReason,
} from './auth-reasons.ts'
import { jwksUrlForHost, matchAllowedJwksHost } from './jwks-host.ts'
import type { KeyResolver } from './key-resolver.ts'
import {
  parseAllowTestAccounts,
  parseEnableResponseActions,
  parseEntitiesLimit,
  type TokenClaims,
} from './token-claims.ts'
import type { VerifiedTokenCache } from './verified-token-cache.ts'

/** What verification needs besides the header. */
export interface VerifyContext {
  /** The relay's public base URL, without trailing slash; the token's `aud` must equal it. */
  audience: string
  /**
   * How `audience` was derived, named in the refusal of a token for another audience.
   * Default: an unnamed derivation.
   */
  audienceOrigin?: Omit<ExpectedAudience, 'audience'>
  /** The allowlist of `jwks_host` values and the development `jwksUrl` override. */
  auth: Pick<Settings['auth'], 'allowedJwksHosts' | 'jwksUrl'>
  keys: KeyResolver
  /** Default: the system clock. */
  clock?: Clock
  /** Tokens already verified for this audience skip the signature check; default none. */
  cache?: VerifiedTokenCache
}

/** Longest token accepted; real XDR tokens are about 1 KiB. */
export const MAX_TOKEN_LENGTH = 16 * 1024

/** Leeway on `exp` and `nbf`, for clocks that disagree a little. */
export const CLOCK_TOLERANCE_SECONDS = 60

const settingsClaimsSchema = z.object({ key: z.string().min(1) })

/**
 * Verify `Authorization: Bearer <JWT>` and read the module settings it carries.
 * @param authorization The raw header value, `undefined` when absent.
 * @throws AuthorizationError for every refusal, and with a generic reason for anything unexpected.
 * @example
 * const claims = await verifyConfigurationToken(request.headers.authorization, {
 *   audience: 'https://relay.example.com',
 *   auth: settings.auth,
 *   keys,
 * })
 */
export async function verifyConfigurationToken(
  authorization: string | undefined,
  context: VerifyContext,
): Promise<TokenClaims> {
  try {
    return await verify(authorization, context)
  } catch (error) {
    if (error instanceof AuthorizationError) throw error
    throw new AuthorizationError(AUTH_REASONS.unexpected, { cause: error })
  }
}

async function verify(authorization: string | undefined, context: VerifyContext) {
  const token = bearerToken(authorization)
  const cached = context.cache?.get(token, context.audience)
  if (cached !== undefined) return cached
  const { header, payload } = decodeUnverified(token)
  const jwksUrl = keySource(payload, context.auth)
  if (header.alg !== 'RS256') throw new AuthorizationError(algorithmNotAllowedReason(header.alg))
  const kid: unknown = header.kid
  if (kid !== undefined && typeof kid !== 'string') {
    throw new AuthorizationError(AUTH_REASONS.kidNotFound)
  }
  const key = await context.keys.resolve(jwksUrl, kid)
  const verified = await verifySignedClaims(token, key, context)
  const claims = settingsFrom(verified)
  context.cache?.set(
    token,
    context.audience,
    claims,
    typeof verified.exp === 'number' ? verified.exp : undefined,
  )
  return claims
}

function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization === '') {
    throw new AuthorizationError(AUTH_REASONS.headerMissing)
  }
  const space = authorization.indexOf(' ')
  const scheme = space < 0 ? authorization : authorization.slice(0, space)
  const token = space < 0 ? '' : authorization.slice(space + 1)
  if (scheme.toLowerCase() !== 'bearer' || token === '' || token.includes(' ')) {
    throw new AuthorizationError(AUTH_REASONS.wrongType)
  }
  if (token.length > MAX_TOKEN_LENGTH) throw new AuthorizationError(AUTH_REASONS.tokenTooLarge)
  return token
}

function decodeUnverified(token: string): {
  header: ProtectedHeaderParameters
  payload: JWTPayload
} {
  try {
    return { header: decodeProtectedHeader(token), payload: decodeJwt(token) }
  } catch {
    throw new AuthorizationError(AUTH_REASONS.wrongStructure)
  }
}

function keySource(payload: JWTPayload, auth: VerifyContext['auth']): string {
  if (auth.jwksUrl !== undefined) return auth.jwksUrl
  const claim = payload.jwks_host
  if (claim === undefined || claim === null || claim === '') {
    throw new AuthorizationError(AUTH_REASONS.jwksHostMissing)
  }
  const host = matchAllowedJwksHost(claim, auth.allowedJwksHosts)
  if (host === undefined) throw new AuthorizationError(hostNotAllowedReason(claim))
  return jwksUrlForHost(host)
}

async function verifySignedClaims(
  token: string,
  key: CryptoKey,
  context: VerifyContext,
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['RS256'],
      audience: context.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date((context.clock ?? systemClock).now()),
    })
    return payload
  } catch (error) {
    // No `cause`: jose's claim errors carry the whole payload, API key included.
    throw new AuthorizationError(joseFailureReason(error, context))
  }
}

const UNNAMED_ORIGIN = { derivation: 'as the relay derived it', fromSetting: false }

function joseFailureReason(error: unknown, context: VerifyContext): string {
  if (error instanceof errors.JWTExpired) return AUTH_REASONS.expired
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') {
      // Only `aud` is read from the payload; the rest (the API key) never leaves here.
      const expected = { audience: context.audience, ...(context.audienceOrigin ?? UNNAMED_ORIGIN) }
      return wrongAudienceReason(expected, error.payload.aud)
    }
    if (error.claim === 'nbf' && error.reason === 'check_failed') return AUTH_REASONS.notYetValid
    return AUTH_REASONS.wrongPayload
  }
  return AUTH_REASONS.badSignature
}

function settingsFrom(payload: JWTPayload): TokenClaims {
  const parsed = settingsClaimsSchema.safeParse(payload)
  if (!parsed.success) throw new AuthorizationError(AUTH_REASONS.wrongPayload)
  const apiKey = parsed.data.key
  if (!isHeaderSafe(apiKey)) throw new AuthorizationError(AUTH_REASONS.keyNotSendable)
  return {
    apiKey,
    entitiesLimit: parseEntitiesLimit(payload.CTR_ENTITIES_LIMIT),
    allowTestAccounts: parseAllowTestAccounts(payload.GTI_ALLOW_TEST_ACCOUNTS),
    // Set only when on: the claims of a token without response actions are as they were.
    ...(parseEnableResponseActions(payload.GTI_ENABLE_RESPONSE_ACTIONS)
      ? { enableResponseActions: true }
      : {}),
  }
}
