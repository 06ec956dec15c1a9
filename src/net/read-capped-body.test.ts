import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { describe, test } from 'node:test'
import { readCappedBody, TOO_LARGE } from './read-capped-body.ts'

describe('readCappedBody', () => {
  test('joins the chunks, strings included', async () => {
    const body = Readable.from([Buffer.from('{"a":'), '1}'], { objectMode: false })
    const read = await readCappedBody(body, 100)
    assert.ok(Buffer.isBuffer(read))
    assert.equal(read.toString('utf8'), '{"a":1}')
  })

  test('an empty body is an empty buffer', async () => {
    const read = await readCappedBody(Readable.from([]), 100)
    assert.ok(Buffer.isBuffer(read))
    assert.equal(read.length, 0)
  })

  test('past the cap: TOO_LARGE, and the stream is destroyed', async () => {
    const body = Readable.from([Buffer.alloc(60), Buffer.alloc(60), Buffer.alloc(60)])
    assert.equal(await readCappedBody(body, 100), TOO_LARGE)
    assert.equal(body.destroyed, true)
  })

  test("the stream's error rejects", async () => {
    const body = new Readable({ read() {} })
    body.push(Buffer.from('partial'))
    const read = readCappedBody(body, 100)
    body.destroy(new Error('reset'))
    await assert.rejects(read, /reset/)
  })

  test('a close before the end rejects as a premature close', async () => {
    const body = new Readable({ read() {} })
    const read = readCappedBody(body, 100)
    body.destroy()
    await assert.rejects(read, (error: { code?: string }) => {
      return error.code === 'ERR_STREAM_PREMATURE_CLOSE'
    })
  })

  test('an already destroyed stream rejects at once', async () => {
    const body = new Readable({ read() {} })
    body.destroy()
    await assert.rejects(readCappedBody(body, 100))
  })
})
