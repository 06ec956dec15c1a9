/**
 * A throwaway certificate authority and server certificate for HTTPS mode,
 * made with the `openssl` command so no dependency is needed.
 * @module
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** PEM texts for `https.createServer` plus the CA a client must trust. */
export interface TlsMaterial {
  key: string
  cert: string
  ca: string
}

/**
 * Creates a CA and a server certificate for `127.0.0.1` and `localhost`
 * (valid two days) in a temporary folder, which is removed afterwards.
 */
export async function createTlsMaterial(): Promise<TlsMaterial> {
  const dir = await mkdtemp(join(tmpdir(), 'gti-sim-tls-'))
  try {
    const file = (name: string) => join(dir, name)
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
    await writeFile(
      file('server.ext'),
      [
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
      ].join('\n'),
    )
    // biome-ignore format: one openssl command per line reads better than one argument per line
    const steps = [
      ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2',
        '-subj', '/CN=GTI Simulator Test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
        '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
      ['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1'],
      ['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
        '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext')],
    ]
    for (const args of steps) await run('openssl', args)
    const [key, cert, ca] = await Promise.all(
      ['server.key', 'server.pem', 'ca.pem'].map((name) => readFile(file(name), 'utf8')),
    )
    return { key: key ?? '', cert: cert ?? '', ca: ca ?? '' }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
