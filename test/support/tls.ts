/**
 * One throwaway TLS identity per test process, made by the simulator's certificate maker
 * (a CA plus a server certificate for `127.0.0.1` and `localhost`).
 * @module
 */
import { createTlsMaterial, type TlsMaterial } from '../../src/simulator/index.ts'

let pending: Promise<TlsMaterial> | undefined

/** Memoised because generation spawns `openssl` and many test files ask for it. */
export function testTlsMaterial(): Promise<TlsMaterial> {
  pending ??= createTlsMaterial()
  return pending
}
