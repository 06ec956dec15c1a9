/**
 * Calls to the relay's own HTTP API from the page, with the token the user
 * holds. A 404 means the relay does not serve that route (yet): the panel
 * says so instead of failing.
 * @module
 */
import type { Envelope } from '../model/relay-shapes.ts'

/** What one call gave. */
export type RelayAnswer<T = unknown> =
  | { kind: 'answered'; path: string; status: number; body: Envelope<T> }
  | { kind: 'not-served'; path: string; status: number; body: unknown }
  | { kind: 'failed'; path: string; status?: number; message: string; body?: unknown }

/** POST `body` to `path` on the relay. Never throws. */
export async function postRelay<T>(
  path: string,
  body: unknown,
  token: string,
): Promise<RelayAnswer<T>> {
  let response: Response
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? '' : JSON.stringify(body),
    })
  } catch (error) {
    return { kind: 'failed', path, message: `the relay did not answer (${String(error)})` }
  }
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return {
      kind: 'failed',
      path,
      status: response.status,
      message: `HTTP ${response.status}, not JSON`,
      body: text,
    }
  }
  if (response.status === 404) return { kind: 'not-served', path, status: 404, body: parsed }
  if (response.status !== 200 || parsed === null || typeof parsed !== 'object') {
    return {
      kind: 'failed',
      path,
      status: response.status,
      message: `HTTP ${response.status}`,
      body: parsed,
    }
  }
  return { kind: 'answered', path, status: response.status, body: parsed as Envelope<T> }
}

/** GET a JSON file next to the page (the command's `config.json`). */
export async function getJson(path: string): Promise<unknown> {
  try {
    const response = await fetch(path)
    return response.ok ? await response.json() : undefined
  } catch {
    return undefined
  }
}
