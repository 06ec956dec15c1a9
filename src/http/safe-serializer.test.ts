import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RawJson, serializeReply } from './raw-json.ts'
import { createSafeSerializer } from './safe-serializer.ts'

function recorder() {
  const lines: unknown[][] = []
  return { lines, logger: { error: (...args: unknown[]) => lines.push(args) } as never }
}

test('ordinary payloads are plain JSON', () => {
  const { lines, logger } = recorder()
  assert.equal(createSafeSerializer(1000, logger)({ data: [1, 'é'] }), '{"data":[1,"é"]}')
  assert.equal(lines.length, 0)
})

test('an unserialisable payload becomes a logged JSON error', () => {
  const { lines, logger } = recorder()
  const circular: Record<string, unknown> = {}
  circular.self = circular
  const text = createSafeSerializer(1000, logger)(circular)
  assert.equal(JSON.parse(String(text)).errors[0].code, 'internal error')
  assert.equal(lines.length, 1)
})

test('a payload over the byte cap is never sent', () => {
  const { lines, logger } = recorder()
  const text = createSafeSerializer(100, logger)({ data: 'é'.repeat(60) })
  assert.equal(JSON.parse(String(text)).errors[0].code, 'internal error')
  assert.equal(lines.length, 1)
})

test('an answer of pre-serialised bytes is written as it is, and bounded like a string', () => {
  const { lines, logger } = recorder()
  const serialize = createSafeSerializer(100, logger, serializeReply)
  const small = serialize({ data: new RawJson(Buffer.from('{"a":1}'), false) })
  assert.deepEqual(JSON.parse(String(small)), { data: { a: 1 } })
  const withErrors = serialize({
    data: new RawJson(Buffer.from('{}'), true),
    errors: [{ code: 'limit reached', message: 'm', type: 'warning' }],
  })
  assert.equal(JSON.parse(String(withErrors)).errors[0].code, 'limit reached')
  const large = serialize({ data: new RawJson(Buffer.from(`{"a":"${'x'.repeat(200)}"}`), false) })
  assert.equal(JSON.parse(String(large)).errors[0].code, 'internal error')
  assert.equal(lines.length, 1)
})
