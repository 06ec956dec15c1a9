/**
 * Response actions end to end over HTTP: listing and triggering the resolve
 * actions against the simulator, counting the writes it receives.
 */
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { READ_ONLY_API_KEY, WELL_KNOWN_OBSERVABLES } from '../../src/simulator/index.ts'
import { VERSION } from '../../src/version.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'
import { VERDICT_OBSERVABLES as O, verdictDataset } from '../support/verdict-dataset.ts'

let h: Harness
const ON = { GTI_ENABLE_RESPONSE_ACTIONS: true }
const MITIGATED = 'gti-resolve-true-positive-mitigated'

before(async () => {
  h = await startHarness({ sim: { dataset: verdictDataset() } })
})
after(async () => {
  await h.close()
})
beforeEach(() => {
  h.sim.resetDataset()
  h.sim.setFaults([])
  h.sim.resetStats()
})

async function list(observables: unknown, claims: Record<string, unknown> = ON) {
  const res = await h.post('/respond/observables', observables, { token: await h.token(claims) })
  assert.equal(res.status, 200)
  return res.body
}

async function trigger(body: unknown, claims: Record<string, unknown> = ON) {
  const res = await h.post('/respond/trigger', body, { token: await h.token(claims) })
  assert.equal(res.status, 200)
  return res.body
}

const triggerOf = (actionId: string, observable: { type: string; value: string }) => ({
  'action-id': actionId,
  observable_type: observable.type,
  observable_value: observable.value,
})

const puts = () => h.sim.stats().byRoute['detection-resolve'] ?? 0

function detectionsOf(value: string) {
  return h.sim.dataset.detections.filter((d) => d.indicators.some((i) => i.values.includes(value)))
}

describe('the switch', () => {
  test('off (claim absent or false): no actions, a clear failure on trigger, no upstream call', async () => {
    for (const claims of [{}, { GTI_ENABLE_RESPONSE_ACTIONS: false }]) {
      assert.deepEqual(await list([O.respond], claims), { data: [] })
      const body = await trigger(triggerOf(MITIGATED, O.respond), claims)
      assert.deepEqual(body.data, { status: 'failure' })
      assert.equal(body.errors.length, 1)
      assert.equal(body.errors[0].code, 'response actions disabled')
      assert.match(body.errors[0].message, /Allow resolving detections/)
      assert.match(body.errors[0].message, /GTI_ENABLE_RESPONSE_ACTIONS/)
    }
    assert.equal(h.sim.stats().total, 0)
  })
})

describe('POST /respond/observables', () => {
  test('three actions per observable with active detections, in request order, titles with the count', async () => {
    const body = await list([O.mutedOnly, O.respond, O.resolvedOnly, O.stale, O.testAccountOnly])
    assert.equal(body.errors, undefined)
    assert.deepEqual(
      body.data.map((a: any) => [a.id, a.title, a['query-params'].observable_value]),
      [
        [MITIGATED, 'Resolve 3 detection(s): true positive, mitigated', O.respond.value],
        [
          'gti-resolve-true-positive-no-action',
          'Resolve 3 detection(s): true positive, no action',
          O.respond.value,
        ],
        ['gti-resolve-false-positive', 'Resolve 3 detection(s): false positive', O.respond.value],
        // Old but still active: resolving it is exactly what an analyst may want.
        [MITIGATED, 'Resolve 1 detection(s): true positive, mitigated', O.stale.value],
        [
          'gti-resolve-true-positive-no-action',
          'Resolve 1 detection(s): true positive, no action',
          O.stale.value,
        ],
        ['gti-resolve-false-positive', 'Resolve 1 detection(s): false positive', O.stale.value],
      ],
    )
    const [first] = body.data
    assert.deepEqual(first.categories, ['Gigamon ThreatINSIGHT', 'Resolve detections'])
    assert.deepEqual(first['query-params'], {
      observable_type: O.respond.type,
      observable_value: O.respond.value,
    })
    assert.match(first.description, /ip 198\.51\.100\.20/)
    assert.match(first.description, /Verdict test: command and control beacon/)
    assert.match(first.description, /resolved, true positive, mitigated/)
  })

  test('test-account detections count when the token allows test accounts', async () => {
    const body = await list([O.testAccountOnly], { ...ON, GTI_ALLOW_TEST_ACCOUNTS: true })
    assert.equal(body.data.length, 3)
    assert.match(body.data[0].title, /^Resolve 1 detection/)
  })

  test('none for an observable without active detections; upstream failures are named', async () => {
    assert.deepEqual(await list([{ type: 'ip', value: '203.0.113.254' }]), { data: [] })
    const body = await list([{ type: 'domain', value: 'http-500.fault.test' }, O.respond])
    assert.equal(body.data.length, 3)
    assert.deepEqual(
      body.errors.map((e: any) => [e.code, e.type]),
      [['service unavailable', 'warning']],
    )
  })
})

describe('POST /respond/trigger', () => {
  test('resolves exactly the active detections; deliberate then has no verdict, observe keeps its sightings', async () => {
    const target = { type: 'ip', value: WELL_KNOWN_OBSERVABLES.ip }
    const active = detectionsOf(target.value).filter(
      (d) => d.status === 'active' && !d.muted && !d.muted_rule,
    )
    const before = await h.post('/observe/observables', [target])
    assert.ok(before.body.data.sightings.count > 0)
    assert.equal(before.body.data.verdicts.count, 1)
    // Served from the answer cache now (the same transient sighting ids): the trigger must end that.
    const cached = await h.post('/observe/observables', [target])
    assert.deepEqual(cached.body.data.sightings, before.body.data.sightings)
    assert.equal((await h.post('/deliberate/observables', [target])).body.data.verdicts.count, 1)

    h.sim.resetStats()
    const body = await trigger(triggerOf('gti-resolve-false-positive', target))
    assert.deepEqual(body, { data: { status: 'success' } })
    assert.ok(active.length > 0)
    assert.equal(puts(), active.filter((d) => !isTestAccount(d.account_uuid)).length)
    for (const detection of active.filter((d) => !isTestAccount(d.account_uuid))) {
      assert.equal(detection.status, 'resolved')
      assert.equal(detection.resolution, 'false_positive')
      assert.equal(
        detection.resolution_comment,
        `Resolved from Cisco XDR as false positive (gti-relay ${VERSION}).`,
      )
    }

    assert.deepEqual((await h.post('/deliberate/observables', [target])).body, { data: {} })
    const afterwards = await h.post('/observe/observables', [target])
    assert.ok(afterwards.body.data.sightings.count > 0, 'the events are still there')
    assert.equal(afterwards.body.data.verdicts, undefined, 'the cached answer was invalidated')
  })

  test('only active, unmuted, non-test detections are written; a second trigger writes nothing', async () => {
    const body = await trigger(triggerOf(MITIGATED, O.respond))
    assert.deepEqual(body, { data: { status: 'success' } })
    assert.equal(puts(), 3)
    const detections = detectionsOf(O.respond.value)
    const resolvedNow = detections.filter((d) => d.resolution === 'true_positive_mitigated')
    assert.equal(resolvedNow.length, 3)
    assert.ok(
      detections.some((d) => d.muted && d.status === 'active'),
      'the muted one is left',
    )
    assert.ok(
      detections.some((d) => isTestAccount(d.account_uuid) && d.status === 'active'),
      'the test-account one is left',
    )

    h.sim.resetStats()
    assert.deepEqual(await trigger(triggerOf(MITIGATED, O.respond)), {
      data: { status: 'success' },
    })
    assert.equal(puts(), 0)
    assert.equal(h.sim.stats().byRoute.detections, 1, 'only the fresh lookup')
  })

  test('a read-only key: failure naming the missing permission, nothing resolved', async () => {
    const body = await trigger(triggerOf(MITIGATED, O.respond), { ...ON, key: READ_ONLY_API_KEY })
    assert.deepEqual(body.data, { status: 'failure' })
    assert.equal(puts(), 3, 'a 403 is not retried')
    assert.equal(body.errors.length, 4)
    assert.match(
      body.errors[0].message,
      /^Resolved 0 of 3 active detection\(s\) of ip "198\.51\.100\.20"/,
    )
    for (const error of body.errors.slice(1)) {
      assert.equal(error.code, 'permission denied')
      assert.equal(error.type, 'fatal')
      assert.match(error.message, /lacks the permission to resolve detections/)
    }
    assert.equal(
      detectionsOf(O.respond.value).filter((d) => d.status === 'resolved').length,
      1,
      'only the one resolved in the dataset from the start',
    )
  })

  test('a 500 on one resolve: the others are resolved and that one is named', async () => {
    h.sim.setFaults([{ fault: 'http-500', route: 'detection-resolve', times: 1 }])
    const body = await trigger(triggerOf(MITIGATED, O.respond))
    assert.deepEqual(body.data, { status: 'failure' })
    assert.equal(puts(), 3, 'a 500 is not retried')
    assert.equal(body.errors.length, 2)
    assert.match(body.errors[0].message, /^Resolved 2 of 3 active detection/)
    const failed = /Detection (\S+) was not resolved: .*500 Internal Server Error/.exec(
      body.errors[1].message,
    )?.[1]
    assert.ok(failed, body.errors[1].message)
    assert.equal(body.errors[1].type, 'warning')
    const detections = detectionsOf(O.respond.value)
    assert.equal(detections.find((d) => d.uuid === failed)?.status, 'active')
    assert.equal(detections.filter((d) => d.resolution === 'true_positive_mitigated').length, 2)
  })

  test('a connection reset on a resolve is retried (resolving twice changes nothing)', async () => {
    h.sim.setFaults([{ fault: 'reset', route: 'detection-resolve', times: 1 }])
    assert.deepEqual(await trigger(triggerOf(MITIGATED, O.respondTwo)), {
      data: { status: 'success' },
    })
    assert.equal(puts(), 3, 'two detections, one retried')
  })

  test('invalid triggers are refused before any upstream call', async () => {
    const cases: [unknown, RegExp][] = [
      [triggerOf('gti-delete-everything', O.respond), /Unsupported action "gti-delete-everything"/],
      [{ observable_type: 'ip', observable_value: '198.51.100.20' }, /"action-id"/],
      [{ ...triggerOf(MITIGATED, O.respond), observable_value: '  ' }, /"observable_value"/],
      [
        triggerOf(MITIGATED, { type: 'url', value: 'http://x.example/' }),
        /Unsupported observable type "url"/,
      ],
      [triggerOf(MITIGATED, { type: 'ip', value: 'not-an-ip' }), /Invalid ip "not-an-ip"/],
      [[triggerOf(MITIGATED, O.respond)], /expected an object/],
    ]
    for (const [payload, message] of cases) {
      const body = await trigger(payload)
      assert.deepEqual(body.data, { status: 'failure' })
      assert.equal(body.errors.length, 1)
      assert.equal(body.errors[0].code, 'invalid argument')
      assert.equal(body.errors[0].type, 'fatal')
      assert.match(body.errors[0].message, message)
    }
    const notJson = await h.post('/respond/trigger', undefined, {
      token: await h.token(ON),
      raw: '{"action-id": ',
    })
    assert.equal(notJson.body.errors[0].code, 'invalid argument')
    assert.equal(h.sim.stats().total, 0)
  })

  test('one audit line per trigger without the value, the key or the token', async () => {
    const token = await h.token(ON)
    const from = h.logLines.length
    await h.post('/respond/trigger', triggerOf(MITIGATED, O.respond), { token })
    const lines = h.logLines.slice(from).map((line) => JSON.parse(line))
    const audit = lines.filter((line) => line.msg === 'response action')
    assert.equal(audit.length, 1)
    assert.equal(audit[0].level, 30)
    assert.deepEqual(audit[0].responseAction, {
      actionId: MITIGATED,
      observableType: 'ip',
      valueHash: audit[0].responseAction.valueHash,
      found: 3,
      resolved: 3,
      failed: 0,
      status: 'success',
    })
    assert.match(audit[0].responseAction.valueHash, /^sha256:[0-9a-f]{16}$/)
    const text = h.logLines.join('')
    assert.ok(!text.includes(token), 'no token')
    assert.ok(!text.includes(h.sim.apiKey), 'no API key')
    assert.ok(!h.logLines.slice(from).join('').includes(O.respond.value), 'no value')
  })
})

function isTestAccount(account: string): boolean {
  return [
    '6bc3d2f1-af77-4236-a9db-17dacd06e4d9',
    'f6f6f836-8bcd-4f5d-bd61-68d303c4f634',
    'dmo',
    'chg',
  ].includes(account)
}
