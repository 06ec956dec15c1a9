/**
 * Reading an upstream body with a size cap: shared by the ThreatINSIGHT client and the key-set
 * download, so it sits below both.
 * @module
 */
import type { Readable } from 'node:stream'

/** A body larger than the cap: the stream has been destroyed. */
export const TOO_LARGE = Symbol('too large')

/**
 * The whole body, or {@link TOO_LARGE} as soon as it passes `capBytes` (the
 * stream is then destroyed, so nothing more is downloaded). Rejects with the
 * stream's error, or when it closes before its end.
 */
export function readCappedBody(
  body: Readable,
  capBytes: number,
): Promise<Buffer | typeof TOO_LARGE> {
  // Plain listeners rather than `for await`: no promise and iterator result per chunk, on every
  // upstream answer. They are inline and stay attached (the stream is dropped afterwards), which
  // also keeps a late error from going unheard.
  return new Promise((resolve, reject) => {
    if (body.destroyed || body.readableEnded) {
      reject(body.errored ?? prematureClose())
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    body.on('data', (chunk: Buffer | string) => {
      if (settled) return
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)
      size += buffer.length
      if (size > capBytes) {
        settled = true
        body.destroy()
        resolve(TOO_LARGE)
        return
      }
      chunks.push(buffer)
    })
    body.on('end', () => {
      if (settled) return
      settled = true
      const only = chunks.length === 1 ? chunks[0] : undefined
      resolve(only ?? Buffer.concat(chunks, size))
    })
    body.on('error', (error: Error) => {
      if (settled) return
      settled = true
      reject(error)
    })
    body.on('close', () => {
      if (settled) return
      settled = true
      reject(body.errored ?? prematureClose())
    })
  })
}

// What `for await` over a stream throws when it closes before its end.
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })
}
