/**
 * A real HTTPS key server on loopback for tests of JWKS fetching and token verification.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { createSelfSignedCert } from './self-signed-cert.ts'

/** How the server answers one request. */
export type JwksHandler = (request: IncomingMessage, response: ServerResponse) => void

/** A running key server; every request counts as a hit, whatever its path. */
export interface JwksServer {
  /** `<hostname>:<port>`, the value to put in `jwks_host` and in the allowlist. */
  host: string
  /** `https://<host>/.well-known/jwks`. */
  jwksUrl: string
  /** The certificate to trust, e.g. `new Agent({ connect: { ca } })`. */
  ca: string
  /** Requests received so far. */
  hits(): number
  /** Answer every later request with this JSON body (status 200). */
  serveJson(body: unknown): void
  /** Answer every later request with a handler of your own. */
  respondWith(handler: JwksHandler): void
  /** Stop listening and drop open connections, including ones left hanging on purpose. */
  close(): Promise<void>
}

/** Options of {@link startJwksServer}. */
export interface JwksServerOptions {
  /** The JSON served at first; default `{ keys: [] }`. */
  jwks?: unknown
  /** The name clients use; both are in the certificate. Default `127.0.0.1`. */
  hostname?: '127.0.0.1' | 'localhost'
}

/** Start a key server on 127.0.0.1, port 0, with a throwaway self-signed certificate. */
export async function startJwksServer(options: JwksServerOptions = {}): Promise<JwksServer> {
  const { cert, key } = await createSelfSignedCert()
  const json = (body: unknown): JwksHandler => {
    const text = JSON.stringify(body)
    return (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(text)
    }
  }
  let handler = json(options.jwks ?? { keys: [] })
  let hits = 0
  const server = createServer({ cert, key }, (request, response) => {
    hits += 1
    handler(request, response)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const host = `${options.hostname ?? '127.0.0.1'}:${port}`
  let closed: Promise<void> | undefined
  return {
    host,
    jwksUrl: `https://${host}/.well-known/jwks`,
    ca: cert,
    hits: () => hits,
    serveJson: (body) => {
      handler = json(body)
    },
    respondWith: (next) => {
      handler = next
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closed
    },
  }
}
