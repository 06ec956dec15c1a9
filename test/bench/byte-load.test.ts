/**
 * bench/byte-load.ts against a plain local server whose answers are known: every answer is
 * counted, and a changed byte or a non-2xx status is caught in each one.
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, test } from 'node:test'
import { runByteLoad } from '../../bench/byte-load.ts'

const EXPECTED = Buffer.from(`${'x'.repeat(70_000)}END`)
let served = 0
let hangOne = false
let server: Server
let url: string

before(async () => {
  server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      // One request of the second test is never answered: it must count as a timeout.
      if (hangOne && served === 5) {
        hangOne = false
        return
      }
      served += 1
      // Every 10th answer has its last byte changed; every 25th is a 500 with the right body.
      const body =
        served % 10 === 0
          ? Buffer.concat([EXPECTED.subarray(0, EXPECTED.length - 1), Buffer.from('!')])
          : EXPECTED
      response.writeHead(served % 25 === 0 ? 500 : 200, { 'content-length': body.length })
      response.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/observe/observables`
})

after(() => new Promise<void>((resolve) => server.close(() => resolve())))

test('every answer is counted and compared with the expected bytes', async () => {
  served = 0
  const result = await runByteLoad({
    url,
    connections: 3,
    durationS: 0.5,
    headers: { 'content-type': 'application/json' },
    body: '[]',
    expected: EXPECTED,
  })
  assert.equal(result.total, served)
  assert.ok(result.total > 0, 'the load got answers')
  assert.equal(result.errors, 0)
  assert.equal(result.timeouts, 0)
  // The 500s are counted as such whatever their body; the changed bytes among the rest.
  const fives = Math.floor(served / 25)
  const changed = Math.floor(served / 10) - Math.floor(served / 50)
  assert.equal(result.non2xx, fives)
  assert.equal(result.mismatches, changed)
})

test('an answer that never comes is a timeout, and the connection is replaced', async () => {
  served = 0
  hangOne = true
  const result = await runByteLoad({
    url,
    connections: 2,
    durationS: 0.6,
    headers: {},
    body: '[]',
    expected: EXPECTED,
    timeoutMs: 150,
  })
  assert.equal(result.timeouts, 1)
  assert.equal(result.errors, 0)
  assert.equal(result.total, served, 'every answered request counted once')
  assert.ok(served > 5, 'asking went on after the timeout')
})
