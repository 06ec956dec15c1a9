/**
 * A stand-in for XDR's token issuer: a real RSA key pair that signs configuration tokens and
 * publishes its public half as a JWKS.
 * @module
 */
import { randomBytes } from 'node:crypto'
import {
  type CryptoKey,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose'

/** A signing identity for tests. */
export interface TestIssuer {
  /** 40 hex characters, like XDR's. */
  kid: string
  /** The public key as published, with `kid`, `alg` and `use`. */
  publicJwk: JWK
  /** The public key as SPKI PEM, for algorithm-confusion tests. */
  publicPem: string
  /** `{ keys: [publicJwk] }`. */
  jwks(): { keys: JWK[] }
  /** An RS256 token with exactly these claims; `kid` replaces the header kid, `null` omits it. */
  sign(payload: JWTPayload, options?: { kid?: string | null }): Promise<string>
}

/** Generate a fresh 2048-bit RS256 issuer. */
export async function createTestIssuer(kid = randomBytes(20).toString('hex')): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 })
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
  const publicPem = await exportSPKI(publicKey)
  return {
    kid,
    publicJwk,
    publicPem,
    jwks: () => ({ keys: [publicJwk] }),
    sign: (payload, options = {}) =>
      signWith(privateKey, payload, options.kid === undefined ? kid : options.kid),
  }
}

function signWith(key: CryptoKey, payload: JWTPayload, kid: string | null): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader(
      kid === null ? { alg: 'RS256', typ: 'JWT' } : { alg: 'RS256', typ: 'JWT', kid },
    )
    .sign(key)
}
