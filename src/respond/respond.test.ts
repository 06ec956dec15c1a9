import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseEnableResponseActions } from '../auth/index.ts'
import type { KeptDetection } from '../detections/keep-detections.ts'
import { RelayError } from '../errors/relay-error.ts'
import type { DetectionsAnswer } from '../gti/schemas.ts'
import { RESOLVE_ACTIONS, resolutionComment } from './actions.ts'
import { listActions } from './list-actions.ts'
import { parseTrigger } from './parse-trigger.ts'
import { auditHash, triggerAction } from './trigger.ts'
import type { RespondUpstream } from './upstream.ts'

const IP = { type: 'ip' as const, value: '10.0.0.1' }
const kept = (names: string[]): KeptDetection[] =>
  names.map((name, i) => ({
    rule: { uuid: `r-${name}`, name },
    detection: { uuid: `d-${i}`, rule_uuid: `r-${name}`, status: 'active' },
  }))

describe('the actions', () => {
  test('none without detections; three in order with the count otherwise', () => {
    assert.deepEqual(listActions(IP, []), [])
    const actions = listActions(IP, kept(['A', 'A']))
    assert.deepEqual(
      actions.map((a) => [a.id, a.title]),
      [
        ['gti-resolve-true-positive-mitigated', 'Resolve 2 detection(s): true positive, mitigated'],
        ['gti-resolve-true-positive-no-action', 'Resolve 2 detection(s): true positive, no action'],
        ['gti-resolve-false-positive', 'Resolve 2 detection(s): false positive'],
      ],
    )
    assert.deepEqual(actions[0]?.['query-params'], {
      observable_type: 'ip',
      observable_value: '10.0.0.1',
    })
  })
  test('the description names up to three rules, then how many more', () => {
    const [action] = listActions(IP, kept(['A', 'B', 'A', 'C', 'D', 'E']))
    assert.match(action?.description ?? '', /rule\(s\): A, B, C and 2 more\)/)
    assert.match(action?.description ?? '', /ip 10\.0\.0\.1/)
  })
  test('the comment written to ThreatINSIGHT names XDR, the choice and the version', () => {
    assert.equal(
      resolutionComment(RESOLVE_ACTIONS[1] as (typeof RESOLVE_ACTIONS)[number], '1.2.3'),
      'Resolved from Cisco XDR as true positive, no action (gti-relay 1.2.3).',
    )
  })
  test('the claim reads as GTI_ALLOW_TEST_ACCOUNTS does; absent is off', () => {
    for (const on of [true, 1, 'true', 'YES', '1'])
      assert.equal(parseEnableResponseActions(on), true)
    for (const off of [undefined, null, false, 0, 'false', 'no', '', {}]) {
      assert.equal(parseEnableResponseActions(off), false)
    }
  })
  test('the audit hash is stable, short and not the value', () => {
    assert.equal(auditHash('10.0.0.1'), auditHash('10.0.0.1'))
    assert.notEqual(auditHash('10.0.0.1'), auditHash('10.0.0.2'))
    assert.match(auditHash('10.0.0.1'), /^sha256:[0-9a-f]{16}$/)
  })
})

describe('parseTrigger', () => {
  const body = {
    'action-id': 'gti-resolve-false-positive',
    observable_type: 'domain',
    observable_value: 'example.com',
    extra: 'ignored',
  }
  test('a known action on a valid observable; other keys ignored', () => {
    const parsed = parseTrigger(body)
    assert.equal(parsed.action.resolution, 'false_positive')
    assert.deepEqual(parsed.observable, { type: 'domain', value: 'example.com' })
  })
  for (const [name, bad] of [
    ['not an object', 'x'],
    ['missing action', { ...body, 'action-id': undefined }],
    ['blank value', { ...body, observable_value: ' ' }],
    ['non-string type', { ...body, observable_type: 1 }],
    ['unknown action', { ...body, 'action-id': 'gti-resolve-everything' }],
    ['unsupported type', { ...body, observable_type: 'url' }],
    ['invalid value', { ...body, observable_value: 'a b' }],
  ] as const) {
    test(`${name} → invalid argument`, () => {
      assert.throws(
        () => parseTrigger(bad),
        (error: unknown) => error instanceof RelayError && error.code === 'invalid argument',
      )
    })
  }
})

describe('triggerAction', () => {
  test('resolves concurrently, never more than the bound at once', async () => {
    let inFlight = 0
    let peak = 0
    const written: string[] = []
    const detections = Array.from({ length: 12 }, (_, i) => ({
      uuid: `d-${i}`,
      rule_uuid: 'r',
      status: 'active',
    }))
    const upstream: RespondUpstream = {
      detectionsPage: async (): Promise<DetectionsAnswer> => ({
        detections,
        rules: [{ uuid: 'r' }],
        total_count: detections.length,
      }),
      resolveDetection: async (_call, { detectionUuid }) => {
        inFlight += 1
        peak = Math.max(peak, inFlight)
        await new Promise((resolve) => setImmediate(resolve))
        inFlight -= 1
        written.push(detectionUuid)
      },
    }
    const result = await triggerAction(
      {
        body: () => ({
          'action-id': 'gti-resolve-false-positive',
          observable_type: 'ip',
          observable_value: '10.0.0.1',
        }),
        apiKey: 'k',
        allowTestAccounts: false,
        enabled: true,
      },
      {
        upstream,
        maxDetections: 1000,
        concurrency: 4,
        timeoutMs: 5000,
        now: Date.now,
        version: 'test',
      },
    )
    assert.equal(result.status, 'success')
    assert.equal(written.length, 12)
    assert.equal(peak, 4)
    assert.deepEqual(result.audit, {
      actionId: 'gti-resolve-false-positive',
      observableType: 'ip',
      valueHash: auditHash('10.0.0.1'),
      found: 12,
      resolved: 12,
      failed: 0,
      status: 'success',
    })
  })
})
