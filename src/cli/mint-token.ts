/**
 * Development configuration tokens: the claims XDR would put in, signed with
 * the simulator's key, either by a running simulator or locally from its key
 * file.
 * @module
 */
import { readFile } from 'node:fs/promises'
import type { JWK } from 'jose'
import { DEFAULT_API_KEY, DEFAULT_JWKS_HOST, signingKeyFromJwk } from '../simulator/index.ts'
import { CliError } from './cli-errors.ts'

/** What a minted token says. */
export interface TokenRequest {
  /** The relay's public base URL: the audience it checks. */
  aud: string
  /** ThreatINSIGHT API key claim; default the simulator's default key. */
  key?: string
  ttlSeconds: number
  /** `CTR_ENTITIES_LIMIT` claim, left out when undefined. */
  limit?: number
  /** `GTI_ALLOW_TEST_ACCOUNTS` claim, left out unless true. */
  allowTestAccounts?: boolean
}

/** The JWT claims of a {@link TokenRequest} at `nowSeconds`. */
export function tokenClaims(request: TokenRequest, nowSeconds: number): Record<string, unknown> {
  return {
    aud: request.aud,
    key: request.key ?? DEFAULT_API_KEY,
    jwks_host: DEFAULT_JWKS_HOST,
    iat: nowSeconds,
    exp: nowSeconds + request.ttlSeconds,
    ...(request.limit === undefined ? {} : { CTR_ENTITIES_LIMIT: request.limit }),
    ...(request.allowTestAccounts ? { GTI_ALLOW_TEST_ACCOUNTS: true } : {}),
  }
}

/** Asks a running simulator (`POST /_sim/token`) to sign the claims. */
export async function mintTokenFromSimulator(
  simulatorUrl: string,
  claims: Record<string, unknown>,
): Promise<string> {
  const url = `${simulatorUrl.replace(/\/+$/, '')}/_sim/token`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(claims),
      signal: AbortSignal.timeout(10_000),
    })
  } catch (error) {
    const reason = reasonOf(error)
    const hint = /CERT|SIGNATURE|SELF_SIGNED/.test(reason)
      ? 'set NODE_EXTRA_CA_CERTS to the CA file `gti-relay simulate --https` printed'
      : 'is `gti-relay simulate` running?'
    throw new CliError(`cannot reach the simulator at ${simulatorUrl} (${reason}); ${hint}`, {
      cause: error,
    })
  }
  const body = (await response.json().catch(() => undefined)) as { token?: unknown } | undefined
  if (!response.ok || typeof body?.token !== 'string') {
    throw new CliError(
      `the simulator at ${simulatorUrl} did not mint a token (HTTP ${response.status})`,
    )
  }
  return body.token
}

/** Signs the claims with the private JWK in `keyFile` (written by `gti-relay simulate`). */
export async function mintTokenFromKeyFile(
  keyFile: string,
  claims: Record<string, unknown>,
): Promise<string> {
  let jwk: JWK
  try {
    jwk = JSON.parse(await readFile(keyFile, 'utf8')) as JWK
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    throw new CliError(
      missing
        ? `no key file at ${keyFile}; start \`gti-relay simulate\` first or pass --simulator <url>`
        : `cannot read the key file ${keyFile} (${reasonOf(error)})`,
      { cause: error },
    )
  }
  if (jwk.kty !== 'RSA' || typeof jwk.d !== 'string' || typeof jwk.kid !== 'string') {
    throw new CliError(`${keyFile} does not hold the simulator's private RSA key`)
  }
  const key = await signingKeyFromJwk(jwk)
  return key.sign(claims)
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause
  if (typeof cause?.code === 'string') return cause.code
  return error instanceof Error ? error.message : String(error)
}
