/**
 * The simulator's RS256 key: it signs configuration tokens the way XDR
 * would and serves the public half as a JWKS. A key file lets separate
 * processes (a relay demo and its simulator) share one key.
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises'
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose'

/** A loaded key pair. */
export interface SigningKey {
  kid: string
  /** `{kty, n, e, kid, use: 'sig', alg: 'RS256'}` */
  publicJwk: JWK
  /** Signs `payload` exactly as given (no claims added). */
  sign(payload: JWTPayload): Promise<string>
}

/**
 * Loads the private JWK from `keyFile`, or generates a key pair (and, with a
 * `keyFile`, saves it there with mode 0600 so the next process reuses it).
 */
export async function loadSigningKey(keyFile?: string): Promise<SigningKey> {
  if (keyFile === undefined) return fromJwk(await generateJwk())
  const existing = await readJwk(keyFile)
  if (existing !== undefined) return fromJwk(existing)
  const created = await generateJwk()
  try {
    await writeFile(keyFile, `${JSON.stringify(created)}\n`, { flag: 'wx', mode: 0o600 })
    return fromJwk(created)
  } catch (error) {
    // Another process created it first: use theirs so both sign with one key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const theirs = await readJwk(keyFile)
    if (theirs === undefined) throw error
    return fromJwk(theirs)
  }
}

async function readJwk(path: string): Promise<JWK | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const jwk = JSON.parse(text) as JWK
  if (jwk.kty !== 'RSA' || typeof jwk.d !== 'string') {
    throw new TypeError(`${path} does not hold a private RSA JWK`)
  }
  return jwk
}

async function generateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk = await exportJWK(privateKey)
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n ?? '', e: jwk.e ?? '' })
  return { ...jwk, kid, alg: 'RS256', use: 'sig' }
}

/** The signing key of a private RSA JWK (its `kid`, else its thumbprint). */
export async function fromJwk(jwk: JWK): Promise<SigningKey> {
  const publicPart = { kty: 'RSA', n: jwk.n ?? '', e: jwk.e ?? '' }
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicPart))
  const privateKey = await importJWK({ ...jwk, alg: 'RS256' }, 'RS256')
  return {
    kid,
    publicJwk: { ...publicPart, kid, use: 'sig', alg: 'RS256' },
    sign: (payload) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey),
  }
}
