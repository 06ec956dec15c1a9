import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { DhcpAnswerSchema } from '../gti/schemas.ts'
import { type RunningSimulator, startSimulator } from './start-simulator.ts'

let sim: RunningSimulator

async function call(path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sim.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `IBToken ${sim.apiKey}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: await res.json() }
}

before(async () => {
  sim = await startSimulator({ seed: 5, now: '2026-03-01T12:00:00.000Z' })
})
after(() => sim.close())

describe('DHCP', () => {
  test('bulk lookup answers the leases covering event_time, several accounts possible', async () => {
    const { status, body } = await call('/entity/v2/entity/tracking/bulk/get/ip', {
      entities: [
        { ip: '10.1.70.2', event_time: '2026-02-28T10:00:00.000Z' },
        { ip: '192.0.2.1', event_time: '2026-02-28T10:00:00.000Z' },
      ],
    })
    assert.equal(status, 200)
    const records = DhcpAnswerSchema.parse(body).entity_tracking_bulk_response.dhcp ?? []
    assert.deepEqual(records.map((record) => record.account_code).sort(), ['acme', 'chg'])
    for (const record of records) {
      assert.equal(record.ip, '10.1.70.2')
      assert.match(record.mac ?? '', /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/)
      assert.ok(record.hostname)
    }
  })

  test('a handed-over address answers the lease of that time', async () => {
    const handover = sim.dataset.leases.find((lease) => lease.lease_end !== null)
    assert.ok(handover?.lease_end)
    const next = sim.dataset.leases.find(
      (lease) => lease.ip === handover.ip && lease.lease_start === handover.lease_end,
    )
    assert.ok(next)
    const ask = async (eventTime: string) =>
      (
        await call('/entity/v2/entity/tracking/bulk/get/ip', {
          entities: [{ ip: handover.ip, event_time: eventTime }],
        })
      ).body.entity_tracking_bulk_response.dhcp
    const before = new Date(Date.parse(handover.lease_end) - 1).toISOString()
    assert.deepEqual(await ask(before), [
      {
        ip: handover.ip,
        account_code: handover.account_code,
        mac: handover.mac,
        hostname: handover.hostname,
      },
    ])
    assert.deepEqual(
      (await ask(handover.lease_end)).map((r: any) => r.hostname),
      [next.hostname],
    )
    assert.deepEqual(await ask('2020-01-01T00:00:00Z'), [])
  })

  test('empty or missing entities answer 400', async () => {
    for (const body of [
      { entities: [] },
      {},
      { entities: [{ event_time: '2026-01-01T00:00:00Z' }] },
    ]) {
      const { status, body: answer } = await call('/entity/v2/entity/tracking/bulk/get/ip', body)
      assert.equal(status, 400, JSON.stringify(body))
      assert.equal(typeof answer.error.message, 'string')
    }
  })

  test('v1 per-IP history', async () => {
    const { status, body } = await call('/entity/v1/entity/10.1.70.2/dhcp')
    assert.equal(status, 200)
    assert.equal(body.query_type, 'IP_ADDRESS')
    assert.equal(body.dhcp.length, 2)
    assert.ok(body.dhcp.every((record: any) => Array.isArray(record.hostnames)))
  })
})

describe('sensors', () => {
  test('lists sensors, filtered by account_code', async () => {
    const all = await call('/sensor/v1/sensors')
    assert.equal(all.status, 200)
    assert.equal(all.body.result_count, sim.dataset.sensors.length)
    const training = await call('/sensor/v1/sensors?account_code=chg')
    assert.deepEqual(
      training.body.sensors.map((sensor: any) => sensor.sensor_id),
      ['chg1'],
    )
  })
})
