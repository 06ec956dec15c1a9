import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { FileAnswerSchema, PdnsAnswerSchema } from '../gti/schemas.ts'
import { WELL_KNOWN_OBSERVABLES } from './dataset.ts'
import { IPV6_DOMAIN, MORE_OBSERVABLES } from './more-observables.ts'
import { type RunningSimulator, startSimulator } from './start-simulator.ts'

let sim: RunningSimulator

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sim.url}${path}`, {
    ...init,
    headers: { authorization: `IBToken ${sim.apiKey}`, ...(init.headers ?? {}) },
  })
  return { status: res.status, body: await res.json() }
}

before(async () => {
  sim = await startSimulator({ seed: 5, now: '2026-03-01T12:00:00.000Z' })
})
after(() => sim.close())

describe('Entity v1 passive DNS and files', () => {
  test('pdns of a domain: its answers, newest first, with the day window and limit', async () => {
    const domain = WELL_KNOWN_OBSERVABLES.domain
    const { status, body } = await call(`/entity/v1/entity/${domain}/pdns`)
    assert.equal(status, 200)
    const records = PdnsAnswerSchema.parse(body).passivedns ?? []
    assert.ok(records.length > 0)
    assert.equal(body.result_count, records.length)
    assert.equal(body.query_type, 'HOST_NAME')
    const lasts = records.map((r) => r.last_seen ?? '')
    assert.deepEqual(lasts, [...lasts].sort().reverse())
    const limited = await call(
      `/entity/v1/entity/${domain}/pdns?limit=1&start_date=2026-02-27&end_date=2026-03-01`,
    )
    assert.ok(limited.body.passivedns.length <= 1)
    const empty = await call(
      `/entity/v1/entity/${domain}/pdns?start_date=2020-01-01&end_date=2020-01-02`,
    )
    assert.deepEqual(empty.body.passivedns, [])
  })

  test('pdns of an IPv6 address names the domain that resolved to it (AAAA)', async () => {
    const { body } = await call(
      `/entity/v1/entity/${encodeURIComponent(MORE_OBSERVABLES.ipv6)}/pdns`,
    )
    assert.equal(body.query_type, 'IP_ADDRESS')
    assert.ok(body.passivedns.length > 0)
    for (const record of body.passivedns) {
      assert.equal(record.record_type, 'AAAA')
      assert.equal(record.resolved, IPV6_DOMAIN)
    }
  })

  test('file by any of its hashes; unknown is 404; not a hash is 400', async () => {
    const bySha = await call(`/entity/v1/entity/${WELL_KNOWN_OBSERVABLES.sha256}/file`)
    assert.equal(bySha.status, 200)
    const file = FileAnswerSchema.parse(bySha.body).file
    assert.equal(file?.sha256, WELL_KNOWN_OBSERVABLES.sha256)
    assert.equal(file?.md5, WELL_KNOWN_OBSERVABLES.md5)
    assert.ok((file?.prevalence_count_internal as number) >= 1)
    const byMd5 = await call(`/entity/v1/entity/${WELL_KNOWN_OBSERVABLES.md5}/file`)
    assert.equal(byMd5.body.hash_type, 'md5')
    assert.equal(byMd5.body.file.sha256, WELL_KNOWN_OBSERVABLES.sha256)
    assert.equal((await call(`/entity/v1/entity/${'0'.repeat(40)}/file`)).status, 404)
    assert.equal((await call('/entity/v1/entity/nothash/file')).status, 400)
  })

  test('the events API can be taken down and back up through /_sim/events-api', async () => {
    const query = () =>
      call('/events/v2/query', {
        method: 'POST',
        body: JSON.stringify({ query: "ip = '1.2.3.4'" }),
      })
    assert.equal((await query()).status, 200)
    for (const [mode, status] of [
      ['gone-404', 404],
      ['gone-410', 410],
      ['gone-501', 501],
    ] as const) {
      const set = await call('/_sim/events-api', { method: 'PUT', body: JSON.stringify({ mode }) })
      assert.deepEqual(set.body, { mode })
      assert.equal((await query()).status, status)
    }
    assert.equal(
      (await call('/_sim/events-api', { method: 'PUT', body: '{"mode":"down"}' })).status,
      400,
    )
    await call('/_sim/events-api', { method: 'PUT', body: JSON.stringify({ mode: 'up' }) })
    assert.deepEqual((await call('/_sim/events-api')).body, { mode: 'up' })
    assert.equal((await query()).status, 200)
  })
})
