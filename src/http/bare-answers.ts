/**
 * Requests Node would answer itself with an empty body (no `Host` on
 * HTTP/1.1: 400; an `Expect` other than `100-continue`: 417) get the relay's
 * JSON envelope instead.
 * @module
 */
import type { Server } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { RelayError } from '../errors/relay-error.ts'
import { envelope } from './envelope.ts'

const NO_HOST = new RelayError('invalid argument', 'The request has no Host header.')
const EXPECTATION_BODY = JSON.stringify(
  envelope(undefined, [
    new RelayError('invalid argument', 'The relay meets no expectation but 100-continue.'),
  ]),
)

/**
 * Answer both cases in JSON. The server must be created with
 * `requireHostHeader: false` so a request without `Host` reaches the app.
 */
export function answerBareCasesInJson(app: FastifyInstance, server: Server): void {
  server.on('checkExpectation', (_request, response) => {
    response.writeHead(417, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(EXPECTATION_BODY),
      connection: 'close',
    })
    response.end(EXPECTATION_BODY)
  })
  app.addHook('onRequest', async (request, reply) => {
    if (request.raw.httpVersion !== '1.1' || request.headers.host !== undefined) return
    reply.code(400).header('connection', 'close')
    return reply.send(envelope(undefined, [NO_HOST]))
  })
}
