/**
 * `npm start` (src/entry/server.ts) as a child process: SIGTERM while an observe request waits
 * on a slow upstream lets that request finish, refuses new connections, and exits 0.
 */
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { relayEnvFor } from '../../src/cli/relay-env-lines.ts'
import {
  type RunningSimulator,
  sampleObservables,
  startSimulator,
} from '../../src/simulator/index.ts'
import { spawnRelay } from '../support/child-process.ts'
import { freePort } from '../support/free-port.ts'

const SERVER_ENTRY = fileURLToPath(new URL('../../src/entry/server.ts', import.meta.url))

/** Resolves with the connection error code, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
  })
}

describe('server entry shutdown', () => {
  let sim: RunningSimulator

  before(async () => {
    // Every upstream call takes 500 ms, so an observe request stays in flight long enough.
    sim = await startSimulator({ latencyMs: 500 })
  })

  after(async () => {
    await sim.close()
  })

  test('SIGTERM: the in-flight observe completes with 200, new connections are refused, exit 0', async () => {
    const port = await freePort()
    const relay = spawnRelay(['--import', 'tsx', SERVER_ENTRY], {
      PORT: String(port),
      HOST: '127.0.0.1',
      ...relayEnvFor(sim.urls),
      // Bounds the forced exit (this + 5 s) if closing hangs; the observe needs about 2 s.
      REQUEST_TIMEOUT_MS: '8000',
    })
    try {
      await relay.waitForLine((line) => line.msg === 'gti-relay listening')
      const rule = await relay.waitForLine((line) => line.msg === 'configuration-token audience')
      assert.match(String(rule.audience), /<Host header>, from each request/)
      const base = `http://127.0.0.1:${port}`
      const token = await sim.signToken({ aud: base, key: sim.apiKey })

      let settled = false
      const inFlight = fetch(`${base}/observe/observables`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(sampleObservables(sim.dataset, 1)),
      }).finally(() => {
        settled = true
      })
      // Signal only once the relay is waiting on the upstream.
      while (sim.stats().inFlight === 0 && !settled) await sleep(10)
      assert.equal(settled, false, 'the observe request must still be in flight')

      relay.child.kill('SIGTERM')
      await relay.waitForLine((line) => line.msg === 'stopping: finishing in-flight requests')
      // The listener closes just after that line is written: give it a moment, not forever.
      let refused = await tryConnect(port)
      for (let i = 0; i < 100 && refused !== 'ECONNREFUSED'; i++) {
        await sleep(20)
        refused = await tryConnect(port)
      }
      assert.equal(refused, 'ECONNREFUSED')
      assert.equal(settled, false, 'SIGTERM must not cut the in-flight request short')

      const response = await inFlight
      assert.equal(response.status, 200)
      const body = (await response.json()) as { data?: { sightings?: { count: number } } }
      assert.ok((body.data?.sightings?.count ?? 0) > 0, JSON.stringify(body))

      // Exit 1 here means the forced exit fired: close() was still waiting on a connection.
      assert.equal(await relay.exited, 0, relay.stderr() + JSON.stringify(relay.lines.slice(-3)))
      assert.ok(relay.lines.some((line) => line.msg === 'stopped'))
      assert.equal(await tryConnect(port), 'ECONNREFUSED')
    } finally {
      relay.kill()
    }
  })
})
