import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type StubUpstream, sendJson, startStubUpstream } from '../../test/support/stub-server.ts'
import { createGtiClient, type GtiClient } from './gti-client.ts'

let stub: StubUpstream
let client: GtiClient

before(async () => {
  stub = await startStubUpstream()
  client = createGtiClient({
    settings: {
      detectionsUrl: `${stub.origin}/v1/`,
      eventsUrl: undefined,
      entityUrl: `${stub.origin}/v2/`,
      portalUrl: 'https://portal.example',
      eventsLookbackDays: 7,
      callTimeoutMs: 2000,
      connectionsPerOrigin: 4,
    },
    retry: { limit: 0 },
  })
})
after(async () => {
  await client.close()
  await stub.close()
})

describe('GtiClient.listDetections', () => {
  test('a created_or_shared window: muted filters, rules, stable order, limit and offset', async () => {
    stub.requests.length = 0
    stub.handle = (_req, res) =>
      sendJson(res, 200, {
        detections: [{ uuid: 'd1', rule_uuid: 'r1' }],
        rules: [],
        total_count: 1,
      })
    const answer = await client.listDetections(
      { apiKey: 'k' },
      {
        createdOrShared: { start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' },
        limit: 1000,
        offset: 2000,
      },
    )
    assert.equal(answer.total_count, 1)
    assert.equal(
      stub.requests[0]?.url,
      '/v1/detections?created_or_shared_start_date=2026-02-01T00%3A00%3A00.000Z&created_or_shared_end_date=2026-03-01T00%3A00%3A00.000Z&muted=false&muted_rule=false&muted_device=false&include=rules&sort_by=first_seen&sort_order=desc&limit=1000&offset=2000',
    )
    assert.equal(stub.requests[0]?.headers.authorization, 'IBToken k')
  })

  test('the active detections', async () => {
    stub.requests.length = 0
    stub.handle = (_req, res) => sendJson(res, 200, { detections: [], rules: [] })
    await client.listDetections({ apiKey: 'k' }, { activeOnly: true, limit: 10, offset: 0 })
    assert.match(stub.requests[0]?.url ?? '', /^\/v1\/detections\?status=active&muted=false&/)
  })

  test('a limit outside 1..1000 is a programming error, not a call', async () => {
    stub.requests.length = 0
    for (const limit of [0, 1001, 1.5]) {
      await assert.rejects(client.listDetections({ apiKey: 'k' }, { limit, offset: 0 }), TypeError)
    }
    assert.equal(stub.requests.length, 0)
  })
})
