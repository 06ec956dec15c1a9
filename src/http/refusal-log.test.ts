import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRefusalLog } from './refusal-log.ts'

test('one line per kind per window, then the count of those not logged', () => {
  const lines: Record<string, unknown>[] = []
  let now = 0
  const log = createRefusalLog(
    { warn: (line: never) => lines.push(line) } as never,
    () => now,
    1000,
  )
  for (let i = 0; i < 50; i++) log.note('connection cap')
  log.note('request timeout')
  now = 1500
  log.note('connection cap')
  assert.equal(lines.length, 3)
  assert.deepEqual(
    lines.map((line) => [line.refusal, line.suppressedSinceLast]),
    [
      ['connection cap', 0],
      ['request timeout', 0],
      ['connection cap', 49],
    ],
  )
})
