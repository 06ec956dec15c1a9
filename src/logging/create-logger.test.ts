import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, test } from 'node:test'
import { createLogger } from './create-logger.ts'

function capture(): { lines: Array<Record<string, unknown>>; destination: Writable } {
  const lines: Array<Record<string, unknown>> = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)))
      done()
    },
  })
  return { lines, destination }
}

describe('createLogger', () => {
  test("an error's type is its name, whatever its constructor is called (minified bundles)", () => {
    const { lines, destination } = capture()
    // A minifier renames the class; the relay's errors set `name` themselves.
    class E extends Error {
      constructor(message: string) {
        super(message)
        this.name = 'RelayError'
      }
    }
    createLogger({ level: 'info', destination }).error({ err: new E('boom') }, 'failed')
    const err = lines[0]?.err as { type?: string; message?: string; stack?: string }
    assert.equal(err.type, 'RelayError')
    assert.equal(err.message, 'boom')
    assert.match(err.stack ?? '', /boom/)
  })

  test('non-error values under err pass through', () => {
    const { lines, destination } = capture()
    createLogger({ level: 'info', destination }).warn({ err: 'text' }, 'odd')
    assert.equal(lines[0]?.err, 'text')
  })

  test('keys that may hold secrets are redacted', () => {
    const { lines, destination } = capture()
    createLogger({ level: 'info', destination }).info({ apiKey: 'k-123', nested: { token: 't' } })
    assert.equal(lines[0]?.apiKey, '[redacted]')
    assert.deepEqual(lines[0]?.nested, { token: '[redacted]' })
  })
})
