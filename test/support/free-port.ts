/**
 * A loopback port nobody listens on right now, for child processes that must be told their
 * port up front (PORT=0 would leave the test unable to find it).
 * @module
 */
import { createServer } from 'node:net'

/** Bind port 0 on 127.0.0.1, read the port, release it. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return address.port
}
