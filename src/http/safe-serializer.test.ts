import assert from 'node:assert/strict'
import { test } from 'node:test'
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
