/**
 * Answers for messages that never became a request (broken framing, headers
 * over the cap, a client too slow to send them): still the relay's JSON
 * envelope, then the socket is closed. The status line is the framing
 * failure's own (431, 408, 400), not the code's, because there is no request
 * to answer 200 to; XDR never sends such messages.
 * @module
 */
import type { Socket } from 'node:net'
import { RelayError } from '../errors/relay-error.ts'
import { errorEnvelope } from './envelope.ts'
import type { RefusalKind, RefusalLog } from './refusal-log.ts'

const ANSWERS: Record<string, { status: string; error: RelayError }> = {
  HPE_HEADER_OVERFLOW: {
    status: '431 Request Header Fields Too Large',
    error: new RelayError(
      'invalid argument',
      'The request headers are larger than the relay accepts.',
    ),
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: '408 Request Timeout',
    error: new RelayError('invalid argument', 'The request was not received in time.'),
  },
}

const MALFORMED = {
  status: '400 Bad Request',
  error: new RelayError('invalid argument', 'The request is not a well-formed HTTP message.'),
}

/** Write a JSON envelope for a client error on `socket`, then destroy it. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const { status, error: relayError } = ANSWERS[error.code ?? ''] ?? MALFORMED
  const body = JSON.stringify(errorEnvelope(relayError))
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy()
}

const KINDS: Record<string, RefusalKind> = {
  HPE_HEADER_OVERFLOW: 'header overflow',
  ERR_HTTP_REQUEST_TIMEOUT: 'request timeout',
}

/** Log (rate-limited) the refusal a client error is about to become; resets are not refusals. */
export function noteClientError(
  log: RefusalLog,
  error: Error & { code?: string },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  log.note(KINDS[error.code ?? ''] ?? 'malformed request', {
    code: error.code,
    remoteAddress: socket.remoteAddress,
  })
}
