/**
 * Envelope data that is already JSON text (an observe answer assembled from
 * serialised parts), and the reply serialiser that writes it as it is.
 * @module
 */

/** JSON text to be written into the envelope's `data` unchanged. */
export class RawJson {
  readonly text: string
  /** The text stands for no data (`{}`), so errors beside it are fatal. */
  readonly empty: boolean

  constructor(text: string, empty: boolean) {
    this.text = text
    this.empty = empty
  }
}

/** `JSON.stringify` of a reply, except that a {@link RawJson} `data` is written verbatim. */
export function serializeReply(payload: unknown): string {
  if (payload !== null && typeof payload === 'object') {
    const { data, errors, ...rest } = payload as { data?: unknown; errors?: unknown }
    if (data instanceof RawJson && Object.keys(rest).length === 0) {
      const tail = errors === undefined ? '' : `,"errors":${JSON.stringify(errors)}`
      return `{"data":${data.text}${tail}}`
    }
  }
  return JSON.stringify(payload)
}
