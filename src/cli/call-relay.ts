/**
 * One POST to a relay route (observables, or a tile request), answered as parsed JSON.
 * @module
 */
import { CliError } from './cli-errors.ts'
import type { RequestedObservable } from './format-observe.ts'

/** The relay routes the CLI calls. */
export type RelayPath =
  | '/observe/observables'
  | '/refer/observables'
  | '/tiles'
  | '/tiles/tile'
  | '/tiles/tile-data'
  | '/deliberate/observables'
  | '/respond/observables'
  | '/respond/trigger'

/** What the relay answered. */
export interface RelayAnswer {
  status: number
  /** Parsed JSON, or `undefined` when the body was not JSON. */
  body: unknown
}

/** How long the CLI waits for one answer (the relay's own deadline is 20 s). */
const ANSWER_TIMEOUT_MS = 60_000

/**
 * POST `body` (JSON) to `<relayUrl><path>` with the token.
 * @throws CliError when the relay cannot be reached or does not answer JSON.
 */
export async function callRelay(
  relayUrl: string,
  path: RelayPath,
  body: readonly RequestedObservable[] | Record<string, unknown> | undefined,
  token: string,
): Promise<RelayAnswer> {
  let response: Response
  try {
    response = await fetch(`${relayUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    })
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } }).cause?.code
    const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : ''
    throw new CliError(
      `cannot reach the relay at ${relayUrl} (${reason}); is \`gti-relay serve\` running?`,
      { cause: error },
    )
  }
  const text = await response.text()
  try {
    return { status: response.status, body: JSON.parse(text) as unknown }
  } catch {
    throw new CliError(`the relay at ${relayUrl} answered HTTP ${response.status} without JSON`)
  }
}
