/**
 * Configuration-token authentication: who may call the relay, and with which ThreatINSIGHT key.
 * @module
 */
export {
  AUTH_REASONS,
  algorithmNotAllowedReason,
  type ExpectedAudience,
  hostNotAllowedReason,
  keysUnavailableReason,
  quoteUntrusted,
  wrongAudienceReason,
} from './auth-reasons.ts'
export { jwksUrlForHost, matchAllowedJwksHost } from './jwks-host.ts'
export {
  createKeyResolver,
  DEFAULT_FAILURE_COOLDOWN_MS,
  DEFAULT_MAX_FAILURE_COOLDOWN_MS,
  type KeyResolver,
  type KeyResolverOptions,
  type WarnLogger,
} from './key-resolver.ts'
export {
  DEFAULT_ENTITIES_LIMIT,
  MAX_ENTITIES_LIMIT,
  parseAllowTestAccounts,
  parseEnableResponseActions,
  parseEntitiesLimit,
  type TokenClaims,
} from './token-claims.ts'
export {
  createVerifiedTokenCache,
  type VerifiedTokenCache,
  type VerifiedTokenCacheOptions,
} from './verified-token-cache.ts'
export {
  CLOCK_TOLERANCE_SECONDS,
  MAX_TOKEN_LENGTH,
  type VerifyContext,
  verifyConfigurationToken,
} from './verify-configuration-token.ts'
