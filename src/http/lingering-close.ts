/**
 * A lingering close for answers given before the body was read (413). Node
 * closes such a connection as soon as the answer is flushed; a client still
 * uploading then gets a reset, which can destroy the answer before it is
 * read. Instead the relay half-closes, reads and discards the rest of the
 * body within a bound of time and bytes, then closes.
 * @module
 */
import type { Socket } from 'node:net'

/** How long and how much to read after the answer. */
export interface LingerLimits {
  lingerTimeoutMs: number
  lingerMaxBytes: number
}

/**
 * Arrange for `socket` to linger when Node next closes it after an answer:
 * the answer is flushed and a FIN sent, incoming bytes are discarded, and
 * the socket is destroyed when the client closes or a bound is reached.
 */
export function lingerOnClose(socket: Socket, limits: LingerLimits): void {
  const closing = socket as Socket & { destroySoon?: () => void }
  if (typeof closing.destroySoon !== 'function') return
  closing.destroySoon = () => {
    const startBytes = socket.bytesRead
    const stop = (): void => {
      clearTimeout(timer)
      clearInterval(meter)
      socket.destroy()
    }
    const timer = setTimeout(stop, limits.lingerTimeoutMs)
    // The HTTP parser consumes the socket directly, so bytes are counted, not listened to.
    const meter = setInterval(() => {
      if (socket.bytesRead - startBytes > limits.lingerMaxBytes) stop()
    }, 50)
    timer.unref()
    meter.unref()
    socket.once('end', stop)
    socket.once('close', stop)
    socket.on('error', stop)
    socket.end()
    socket.resume()
  }
}
