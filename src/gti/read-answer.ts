/**
 * Parsing an upstream body once against its schema.
 * @module
 */
import type { z } from 'zod'

/** The result of {@link parseAnswer}: the validated value, or why it was refused. */
export type ParsedAnswer<T> =
  | { ok: true; value: T }
  | { ok: false; reason: string; cause?: unknown }

/** Parse JSON and validate it with `schema`, each exactly once. */
export function parseAnswer<T>(body: Buffer, schema: z.ZodType<T>): ParsedAnswer<T> {
  let json: unknown
  try {
    json = JSON.parse(body.toString('utf8'))
  } catch {
    // V8's SyntaxError quotes the body, which may echo anything: it is not kept.
    return { ok: false, reason: 'is not JSON' }
  }
  const result = schema.safeParse(json)
  if (result.success) return { ok: true, value: result.data }
  const issue = result.error.issues[0]
  const where = issue === undefined || issue.path.length === 0 ? 'top level' : issue.path.join('.')
  const what = issue?.message ?? 'invalid'
  // Zod leaves the input out of its issues unless asked, so the cause carries no upstream data.
  return {
    ok: false,
    reason: `does not have the expected shape (${where}: ${what})`,
    cause: result.error,
  }
}
