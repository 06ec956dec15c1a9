/**
 * A tiny local HTTP(S) server for tests (a ThreatINSIGHT stand-in, a key host):
 * it records every request and answers through a swappable handler.
 * @module
 */
import { once } from 'node:events'
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo } from 'node:net'

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string
  /** Path and query, exactly as sent. */
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** Answers one request; `hit` counts from 1. */
export type StubHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  hit: number,
) => void

/** A running stub server. */
export interface StubUpstream {
  /** `http(s)://127.0.0.1:<port>` */
  origin: string
  requests: RecordedRequest[]
  /** TCP connections accepted so far. */
  readonly connections: number
  handle: StubHandler
  close(): Promise<void>
}

/** Answer `status` with a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(text)
}

/** Start a stub on 127.0.0.1, port 0; with `tls`, an HTTPS one using that key and certificate. */
export async function startStubUpstream(tls?: {
  key: string
  cert: string
}): Promise<StubUpstream> {
  let connections = 0
  const stub: StubUpstream = {
    origin: '',
    requests: [],
    get connections() {
      return connections
    },
    handle: (_req, res) => sendJson(res, 200, { detections: [], rules: [] }),
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      stub.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
      })
      stub.handle(req, res, body, stub.requests.length)
    })
  }
  const server: Server = tls === undefined ? createServer(listener) : createTlsServer(tls, listener)
  server.on(tls === undefined ? 'connection' : 'secureConnection', () => {
    connections += 1
  })
  // A TLS handshake the client refuses must not crash the test process.
  server.on('tlsClientError', () => {})
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  stub.origin = `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`
  return stub
}
