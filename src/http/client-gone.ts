/**
 * A signal that fires when the client goes away before its answer is sent,
 * so the upstream work done for it stops.
 * @module
 */
import type { FastifyReply } from 'fastify'

/**
 * Aborted when the response closes unfinished (the client hung up). The
 * request's own `close` cannot be used: it fires once the body is read.
 */
export function abortOnHangUp(reply: FastifyReply): AbortSignal {
  const abort = new AbortController()
  const response = reply.raw
  if (response.destroyed && !response.writableFinished) abort.abort(new Error('client hung up'))
  else {
    response.once('close', () => {
      if (!response.writableFinished) abort.abort(new Error('client hung up'))
    })
  }
  return abort.signal
}
