import assert from 'node:assert/strict'
import { test } from 'node:test'
import { observeRequest } from './observe-request.ts'
import type { ObserveUpstream } from './upstream.ts'

const empty = async () => ({ events: [] })

test('an unexpected failure is reported once, with its cause, and answered as internal error', async () => {
  const boom = new TypeError('boom')
  const upstream: ObserveUpstream = {
    hasEvents: true,
    detectionsPage: async () => {
      throw boom
    },
    detectionEvents: empty,
    queryEvents: empty,
    dhcp: async () => ({ entity_tracking_bulk_response: { dhcp: [] } }),
  }
  const seen: unknown[] = []
  const result = await observeRequest(
    {
      observables: [{ type: 'ip', value: '10.0.0.1' }],
      apiKey: 'k',
      limit: 100,
      allowTestAccounts: false,
    },
    {
      upstream,
      portalUrl: 'https://portal.example',
      lookbackDays: 7,
      judgementValidDays: 30,
      maxDetections: 1000,
      concurrency: 10,
      timeoutMs: 5000,
      maxAnswerBytes: 1024 * 1024,
      maxRelationsPerSighting: 100,
      maxDetectionCallsPerObservable: 100,
      maxDetectionCallsPerRequest: 1000,
      now: () => Date.parse('2024-01-01T00:00:00Z'),
      newId: () => 'id',
      onUnexpected: (cause) => seen.push(cause),
    },
  )
  assert.deepEqual(
    result.errors.map((error) => error.code),
    ['internal error'],
  )
  assert.deepEqual(seen, [boom])
})
