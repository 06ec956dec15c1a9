/**
 * Envelope data that is already JSON text (an observe answer assembled from
 * serialised parts), and the reply serialiser that writes it as it is.
 * @module
 */

/** JSON (UTF-8 bytes) to be written into the envelope's `data` unchanged. */
export class RawJson {
  readonly bytes: Buffer
  /** The bytes stand for no data (`{}`), so errors beside it are fatal. */
  readonly empty: boolean

  constructor(bytes: Buffer, empty: boolean) {
    this.bytes = bytes
    this.empty = empty
  }
}

const HEAD = Buffer.from('{"data":')

/** `JSON.stringify` of a reply, except that a {@link RawJson} `data` is copied in as it is. */
export function serializeReply(payload: unknown): string | Buffer {
  if (payload !== null && typeof payload === 'object') {
    const { data, errors, ...rest } = payload as { data?: unknown; errors?: unknown }
    if (data instanceof RawJson && Object.keys(rest).length === 0) {
      const tail = errors === undefined ? '}' : `,"errors":${JSON.stringify(errors)}}`
      return Buffer.concat([HEAD, data.bytes, Buffer.from(tail)])
    }
  }
  return JSON.stringify(payload)
}
