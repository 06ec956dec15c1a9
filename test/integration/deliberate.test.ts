/**
 * Deliberate end to end over HTTP: relay → simulator → verdicts and judgements,
 * for observables of each kind the spec names.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertValidJudgement, assertValidVerdict } from '../support/ctim-checks.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'
import {
  CUSTOMER_ACCOUNT,
  VERDICT_OBSERVABLES as O,
  PAGED_COUNT,
  VERDICT_RULES,
  verdictDataset,
} from '../support/verdict-dataset.ts'

let h: Harness

before(async () => {
  // Above the default cap of 1000, so the paged observable is read whole.
  h = await startHarness({
    sim: { dataset: verdictDataset() },
    env: { GTI_DELIBERATE_MAX_DETECTIONS: '2000' },
  })
})
after(async () => {
  await h.close()
})

async function deliberate(observables: unknown, claims: Record<string, unknown> = {}) {
  const res = await h.post('/deliberate/observables', observables, {
    token: await h.token(claims),
  })
  assert.equal(res.status, 200)
  for (const doc of res.body.data?.judgements?.docs ?? []) assertValidJudgement(doc)
  for (const doc of res.body.data?.verdicts?.docs ?? []) assertValidVerdict(doc)
  return res.body
}

describe('deliberate against the simulator', () => {
  test('malicious: one judgement per rule, the verdict from the high/high rule', async () => {
    const body = await deliberate([O.malicious])
    assert.equal(body.errors, undefined)
    const { verdicts, judgements } = body.data
    assert.equal(verdicts.count, 1)
    assert.equal(judgements.count, 2)
    const [deciding, other] = judgements.docs
    assert.equal(deciding.disposition_name, 'Malicious')
    assert.equal(deciding.priority, 90)
    assert.deepEqual(deciding.external_ids, [VERDICT_RULES.highHigh])
    assert.equal(
      deciding.reason,
      'Verdict test: command and control beacon (2 active detection(s) in 1 account(s))',
    )
    assert.equal(
      deciding.reason_uri,
      `${h.settings.gti.portalUrl}/detections/rules/${VERDICT_RULES.highHigh}?account_uuid=${CUSTOMER_ACCOUNT}`,
    )
    assert.deepEqual(
      deciding.external_references.map((ref: any) => [ref.source_name, ref.external_id, ref.url]),
      [
        [
          'Gigamon ThreatINSIGHT',
          VERDICT_RULES.highHigh,
          `${h.settings.gti.portalUrl}/detections/rules/${VERDICT_RULES.highHigh}`,
        ],
        ['MITRE ATT&CK', 'T1071.001', 'https://attack.mitre.org/techniques/T1071/001/'],
        ['MITRE ATT&CK', 'T1573', 'https://attack.mitre.org/techniques/T1573/'],
      ],
    )
    assert.equal(other.disposition_name, 'Suspicious')
    assert.deepEqual(other.external_ids, [VERDICT_RULES.moderateLow])
    assert.deepEqual(verdicts.docs[0], {
      type: 'verdict',
      disposition: 2,
      disposition_name: 'Malicious',
      observable: O.malicious,
      judgement_id: deciding.id,
      valid_time: deciding.valid_time,
    })
    assert.ok(Date.parse(deciding.valid_time.end_time) > Date.now())
  })

  test('suspicious; a test-account detection counts only when test accounts are allowed', async () => {
    const hidden = await deliberate([O.suspicious])
    assert.equal(hidden.data.judgements.count, 1)
    assert.equal(hidden.data.verdicts.docs[0].disposition_name, 'Suspicious')
    const shown = await deliberate([O.suspicious], { GTI_ALLOW_TEST_ACCOUNTS: true })
    assert.deepEqual(
      shown.data.judgements.docs.map((j: any) => [j.external_ids[0], j.priority]),
      [
        [VERDICT_RULES.moderateLow, 85],
        [VERDICT_RULES.lowHigh, 80],
      ],
    )
    assert.equal(shown.data.verdicts.docs[0].judgement_id, shown.data.judgements.docs[0].id)
  })

  for (const name of ['mutedOnly', 'resolvedOnly', 'testAccountOnly', 'stale'] as const) {
    test(`${name}: no judgement and no verdict`, async () => {
      assert.deepEqual(await deliberate([O[name]]), { data: {} })
    })
  }

  test('a test-account-only observable is judged when test accounts are allowed', async () => {
    const body = await deliberate([O.testAccountOnly], { GTI_ALLOW_TEST_ACCOUNTS: 'yes' })
    assert.equal(body.data.verdicts.count, 1)
  })

  test(`paged past 1000 detections: ${PAGED_COUNT} read in two calls, the second page decides`, async () => {
    h.sim.resetStats()
    const body = await deliberate([O.paged])
    assert.equal(body.errors, undefined)
    assert.equal(h.sim.stats().byRoute.detections, 2)
    const [deciding, other] = body.data.judgements.docs
    assert.deepEqual(deciding.external_ids, [VERDICT_RULES.pagedTwo])
    assert.match(deciding.reason, /\(1 active detection\(s\) in 1 account\(s\)\)$/)
    assert.match(other.reason, new RegExp(`\\(${PAGED_COUNT - 1} active detection\\(s\\)`))
  })

  test('ids are stable across calls, verdicts follow the request order, duplicates once', async () => {
    const request = [O.suspicious, O.mutedOnly, O.malicious, O.suspicious]
    const first = await deliberate(request)
    const second = await deliberate(request)
    assert.deepEqual(
      first.data.judgements.docs.map((j: any) => j.id),
      second.data.judgements.docs.map((j: any) => j.id),
    )
    assert.deepEqual(
      first.data.verdicts.docs.map((v: any) => v.observable.value),
      [O.suspicious.value, O.malicious.value],
    )
    assert.deepEqual(
      first.data.judgements.docs.map((j: any) => j.observable.value),
      [O.suspicious.value, O.malicious.value, O.malicious.value],
    )
  })

  test('bad input and upstream faults: partial answers with named warnings', async () => {
    const body = await deliberate([
      { type: 'ip', value: 'not-an-ip' },
      { type: 'url', value: 'http://ignored.example/' },
      { type: 'domain', value: 'http-500.fault.test' },
      O.malicious,
    ])
    assert.equal(body.data.verdicts.count, 1)
    assert.deepEqual(
      body.errors.map((e: any) => [e.code, e.type]),
      [
        ['invalid argument', 'warning'],
        ['service unavailable', 'warning'],
      ],
    )
    assert.match(body.errors[1].message, /http-500\.fault\.test/)
    const alone = await deliberate([{ type: 'domain', value: 'http-500.fault.test' }])
    assert.equal(alone.data, undefined)
    assert.equal(alone.errors[0].type, 'fatal')
    const refused = await deliberate([O.malicious], { key: 'not-a-simulator-key' })
    assert.equal(refused.errors[0].code, 'authorization error')
    assert.equal(refused.errors[0].type, 'fatal')
  })

  test('an empty or unsupported request answers empty data after the token check', async () => {
    assert.deepEqual(await deliberate([]), { data: {} })
    assert.deepEqual(await deliberate([{ type: 'url', value: 'http://x.example/' }]), { data: {} })
    const noToken = await h.post('/deliberate/observables', [O.malicious], { token: null })
    assert.equal(noToken.body.errors[0].code, 'authorization error')
  })

  test('no token or API key in any log line', async () => {
    const token = await h.token()
    await h.post('/deliberate/observables', [O.malicious, O.suspicious], { token })
    const logs = h.logLines.join('')
    assert.ok(!logs.includes(h.sim.apiKey))
    assert.ok(!logs.includes(token))
  })
})

describe('deliberate with the default detections cap (1000)', () => {
  let capped: Harness
  before(async () => {
    capped = await startHarness({ sim: { dataset: verdictDataset() } })
  })
  after(async () => {
    await capped.close()
  })

  test('the cap hides detections with a warning; what was read is judged', async () => {
    capped.sim.resetStats()
    const res = await capped.post('/deliberate/observables', [O.paged])
    assert.equal(capped.sim.stats().byRoute.detections, 1)
    assert.deepEqual(
      res.body.errors.map((e: any) => [e.code, e.type]),
      [['limit reached', 'warning']],
    )
    assert.match(res.body.errors[0].message, /205 more active detection/)
    assert.deepEqual(res.body.data.judgements.docs[0].external_ids, [VERDICT_RULES.pagedOne])
  })
})

describe('deliberate under the request deadline', () => {
  let short: Harness
  before(async () => {
    short = await startHarness({
      sim: { dataset: verdictDataset() },
      env: { REQUEST_TIMEOUT_MS: '1000' },
    })
  })
  after(async () => {
    await short.close()
  })

  test('a hanging lookup costs only its observable, with a gateway timeout warning', async () => {
    const res = await short.post('/deliberate/observables', [
      { type: 'domain', value: 'hang.fault.test' },
      O.malicious,
    ])
    assert.equal(res.status, 200)
    assert.equal(res.body.data.verdicts.docs[0].observable.value, O.malicious.value)
    assert.equal(res.body.errors.length, 1)
    assert.equal(res.body.errors[0].code, 'gateway timeout')
    assert.equal(res.body.errors[0].type, 'warning')
    assert.match(res.body.errors[0].message, /hang\.fault\.test/)
  })
})
