/**
 * Name-based uuids (RFC 9562 version 5, SHA-1), so the same inputs always
 * give the same id and XDR can de-duplicate what it is sent twice.
 * @module
 */
import { createHash } from 'node:crypto'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The namespace of every id this relay derives (a fixed random uuid of its own). */
export const RELAY_NAMESPACE = '5c1b4b7e-2f0a-4c4e-9a43-6f0f3d2e8b61'

/** The version 5 uuid of `name` in `namespace` (lower-case hex). */
export function uuidV5(name: string, namespace: string = RELAY_NAMESPACE): string {
  if (!UUID.test(namespace)) throw new TypeError('namespace must be a uuid')
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
