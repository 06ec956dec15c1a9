/**
 * Raw HTTP over a TCP socket, for tests that send what `fetch` will not:
 * headers without their body, half-sent requests, no `Host`, odd `Expect`.
 * @module
 */
import { connect, type Socket } from 'node:net'

/** One HTTP answer as read off the wire. */
export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * A socket connected to `url`'s host and port; `allowHalfOpen` keeps it
 * writing after the peer's FIN, as an uploading client does.
 */
export async function openSocket(url: string, allowHalfOpen = false): Promise<Socket> {
  const { hostname, port } = new URL(url)
  const socket = connect({ host: hostname, port: Number(port), allowHalfOpen })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  return socket
}

function parse(buffer: Buffer): RawAnswer | undefined {
  const end = buffer.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const [statusLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const length = Number(headers['content-length'] ?? 0)
  const body = buffer.subarray(end + 4)
  if (body.length < length) return undefined
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: body.subarray(0, length).toString('utf8'),
  }
}

/**
 * The first complete answer on `socket`; `undefined` when the socket closes
 * first or nothing complete arrives within `waitMs`.
 */
export function readAnswer(socket: Socket, waitMs: number): Promise<RawAnswer | undefined> {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0)
    const finish = (answer: RawAnswer | undefined) => {
      clearTimeout(timer)
      socket.off('data', onData)
      socket.off('close', onClose)
      resolve(answer)
    }
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      const answer = parse(buffer)
      if (answer !== undefined) finish(answer)
    }
    const onClose = () => finish(parse(buffer))
    const timer = setTimeout(() => finish(undefined), waitMs)
    socket.on('data', onData)
    socket.on('close', onClose)
    socket.on('error', () => {})
  })
}

/** Whether the peer closes `socket` within `waitMs` (data it sends meanwhile is ignored). */
export function closedWithin(socket: Socket, waitMs: number): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), waitMs)
    socket.resume()
    socket.on('error', () => {})
    socket.once('close', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}
