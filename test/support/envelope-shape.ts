/**
 * What every relay answer must look like, whatever was asked: the checks the
 * fuzz, fault and secrets suites share.
 * @module
 */
import assert from 'node:assert/strict'

const ERROR_CODE = /^[a-z]+( [a-z]+)*$/

/** One `{code, message, type}` error: strings, a short lower-case code, no stack trace. */
export function assertEnvelopeError(error: unknown, context = ''): void {
  assert.ok(typeof error === 'object' && error !== null && !Array.isArray(error), context)
  const { code, message, type, ...rest } = error as Record<string, unknown>
  assert.deepEqual(Object.keys(rest), [], `only code, message and type ${context}`)
  assert.equal(typeof code, 'string', context)
  assert.match(code as string, ERROR_CODE, context)
  assert.equal(typeof message, 'string', context)
  assert.ok((message as string).length > 0, context)
  assert.doesNotMatch(message as string, /\n\s+at |\[object Object\]/, context)
  assert.ok(type === 'fatal' || type === 'warning', `type ${String(type)} ${context}`)
}

/**
 * A relay body: a JSON object with `data` and/or `errors`, or `version`
 * alone; errors well formed.
 */
export function assertEnvelope(body: unknown, context = ''): void {
  assert.ok(typeof body === 'object' && body !== null && !Array.isArray(body), context)
  const keys = Object.keys(body)
  if (keys.includes('version')) {
    assert.deepEqual(keys, ['version'], context)
    assert.equal(typeof (body as { version: unknown }).version, 'string', context)
    return
  }
  assert.ok(keys.length > 0, `empty body ${context}`)
  assert.ok(
    keys.every((key) => key === 'data' || key === 'errors'),
    `keys ${keys.join(',')} ${context}`,
  )
  const { errors } = body as { errors?: unknown }
  if (errors === undefined) return
  assert.ok(Array.isArray(errors) && errors.length > 0, `errors is a non-empty list ${context}`)
  for (const error of errors) assertEnvelopeError(error, context)
}
