/**
 * Where the CLI looks when not told: the relay and simulator addresses the
 * three-terminal flow uses, and the shared signing-key file.
 * @module
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** `npm start` / `gti-relay serve` with default settings. */
export const DEFAULT_RELAY_URL = 'http://127.0.0.1:9090'

/** A fixed port, so every terminal finds the simulator without being told. */
export const DEFAULT_SIMULATOR_PORT = 7443

/** `gti-relay simulate` with default flags. */
export const DEFAULT_SIMULATOR_URL = `http://127.0.0.1:${DEFAULT_SIMULATOR_PORT}`

/** Lifetime of minted configuration tokens unless `--ttl-seconds` says otherwise. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600

/** Lifetime of the tokens `simulate` and `demo` print for copy-paste: a working day. */
export const PRINTED_TOKEN_TTL_SECONDS = 12 * 3600

/** The simulator's private key, shared by `simulate` and `token --key-file`. */
export function defaultKeyFile(): string {
  return join(tmpdir(), 'gti-relay-simulator-key.json')
}
