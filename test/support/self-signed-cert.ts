/**
 * A throwaway TLS identity for tests that need a real HTTPS server on loopback.
 * @module
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** PEM strings of a self-signed certificate and its private key. */
export interface SelfSignedCert {
  /** The certificate; pass it as `ca` to a client so it trusts the server. */
  cert: string
  /** The unencrypted private key; pass it with `cert` to `https.createServer`. */
  key: string
}

let pending: Promise<SelfSignedCert> | undefined

/**
 * A self-signed P-256 certificate for `localhost` and `127.0.0.1`, valid for one day, made with
 * the `openssl` CLI in a temporary folder that is removed afterwards. Memoised per process
 * because every test file may ask for it and generation spawns a process.
 * @example
 * const { cert, key } = await createSelfSignedCert()
 * const server = https.createServer({ cert, key }, handler)
 * const agent = new Agent({ connect: { ca: cert } })
 */
export function createSelfSignedCert(): Promise<SelfSignedCert> {
  pending ??= generate()
  return pending
}

async function generate(): Promise<SelfSignedCert> {
  const dir = await mkdtemp(join(tmpdir(), 'gti-relay-cert-'))
  try {
    const keyPath = join(dir, 'key.pem')
    const certPath = join(dir, 'cert.pem')
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-addext',
        'basicConstraints=critical,CA:FALSE',
        '-addext',
        'extendedKeyUsage=serverAuth',
      ],
      { timeout: 20_000 },
    )
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')])
    return { cert, key }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
