/**
 * A real HTTPS key server on loopback for tests of JWKS fetching and token verification.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson, startStubUpstream } from './stub-server.ts'
import { testTlsMaterial } from './tls.ts'

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

/** Start a key server on 127.0.0.1, port 0, with the process's throwaway TLS identity. */
export async function startJwksServer(options: JwksServerOptions = {}): Promise<JwksServer> {
  const { cert, key, ca } = await testTlsMaterial()
  const stub = await startStubUpstream({ cert, key })
  const json = (body: unknown): JwksHandler => {
    return (_request, response) => sendJson(response, 200, body)
  }
  let handler = json(options.jwks ?? { keys: [] })
  stub.handle = (request, response) => handler(request, response)
  const host = `${options.hostname ?? '127.0.0.1'}:${new URL(stub.origin).port}`
  let closed: Promise<void> | undefined
  return {
    host,
    jwksUrl: `https://${host}/.well-known/jwks`,
    ca,
    hits: () => stub.requests.length,
    serveJson: (body) => {
      handler = json(body)
    },
    respondWith: (next) => {
      handler = next
    },
    close: () => {
      closed ??= stub.close()
      return closed
    },
  }
}
