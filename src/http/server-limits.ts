/**
 * The listening server's own limits: how long a client may take to send
 * headers and body, how long idle connections live, and how many connections
 * are held. Each refusal is logged (rate-limited).
 * @module
 */
import type { Server } from 'node:http'
import type { Settings } from '../config/settings.ts'
import type { RefusalLog } from './refusal-log.ts'

/** The Fastify constructor options that carry the server's timeouts. */
export function serverTimeoutOptions(limits: Settings['server']) {
  return {
    requestTimeout: limits.bodyTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.bodyTimeoutMs,
      // Node checks the two timeouts on this interval (30 s by default), which would stretch a
      // 10 s limit to 40 s.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
      // Node would answer a request without Host with an empty 400; bare-answers.ts answers it.
      requireHostHeader: false,
    },
  }
}

/** Apply the connection cap and log refusals on a server about to listen. */
export function guardServer(server: Server, limits: Settings['server'], log: RefusalLog): void {
  // Fastify sets requestTimeout after creating the server; Node keeps headersTimeout apart.
  server.headersTimeout = limits.headersTimeoutMs
  server.maxConnections = limits.maxConnections
  server.on('drop', (data?: { remoteAddress?: string }) => {
    log.note('connection cap', {
      maxConnections: limits.maxConnections,
      remoteAddress: data?.remoteAddress,
    })
  })
  server.on('timeout', (socket) => {
    log.note('idle timeout', {
      idleTimeoutMs: limits.idleTimeoutMs,
      remoteAddress: socket.remoteAddress,
    })
    socket.destroy()
  })
}
