/**
 * A simulator dataset with observables made for verdicts and response actions:
 * the generated tenant plus detections of known shape (malicious, suspicious,
 * muted-only, resolved-only, test-account-only, stale, more than 1000, and one
 * observable to resolve). Built per test, so nothing is added to the generator.
 */
import {
  type Dataset,
  DEMO_ACCOUNT_UUID,
  generateDataset,
  type SimDetection,
  type SimRule,
  UNTRIAGED_DETECTION,
} from '../../src/simulator/index.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** The observables of this dataset and what ThreatINSIGHT has on each. */
export const VERDICT_OBSERVABLES = {
  malicious: { type: 'ip', value: '198.51.100.10' },
  suspicious: { type: 'domain', value: 'suspicious.verdict.example' },
  mutedOnly: { type: 'ip', value: '198.51.100.11' },
  resolvedOnly: { type: 'ip', value: '198.51.100.12' },
  testAccountOnly: { type: 'ip', value: '198.51.100.13' },
  stale: { type: 'ip', value: '198.51.100.14' },
  paged: { type: 'sha256', value: 'a'.repeat(64) },
  respond: { type: 'ip', value: '198.51.100.20' },
  respondTwo: { type: 'domain', value: 'respond-two.verdict.example' },
} as const

/** Rule uuids of this dataset. */
export const VERDICT_RULES = {
  highHigh: '00000000-0000-4000-8000-00000000a001',
  moderateLow: '00000000-0000-4000-8000-00000000a002',
  lowHigh: '00000000-0000-4000-8000-00000000a003',
  pagedOne: '00000000-0000-4000-8000-00000000a004',
  pagedTwo: '00000000-0000-4000-8000-00000000a005',
} as const

/** Active detections of the paged observable (more than one page of 1000). */
export const PAGED_COUNT = 1205

/** The customer account the added detections belong to (not a test account). */
export const CUSTOMER_ACCOUNT = '11111111-2222-4333-8444-555555555555'

const iso = (ms: number) => new Date(ms).toISOString()

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0')
}

/** The generated small tenant plus the verdict observables, timestamps relative to `nowMs`. */
export function verdictDataset(nowMs: number = Date.now()): Dataset {
  const dataset = generateDataset({ seed: 7, size: 'small', now: nowMs })
  const template = dataset.rules[0] as SimRule
  const rule = (
    uuid: string,
    name: string,
    severity: SimRule['severity'],
    confidence: SimRule['confidence'],
    attack: [string | null, string | null],
  ): SimRule => ({
    ...template,
    uuid,
    name,
    severity,
    confidence,
    account_uuid: CUSTOMER_ACCOUNT,
    primary_attack_id: attack[0],
    secondary_attack_id: attack[1],
    run_account_uuids: [CUSTOMER_ACCOUNT],
    shared_account_uuids: [],
  })
  dataset.rules.push(
    rule(VERDICT_RULES.highHigh, 'Verdict test: command and control beacon', 'high', 'high', [
      'T1071.001',
      'T1573',
    ]),
    rule(VERDICT_RULES.moderateLow, 'Verdict test: unusual DNS lookup', 'moderate', 'low', [
      'T1071',
      null,
    ]),
    rule(VERDICT_RULES.lowHigh, 'Verdict test: policy violation', 'low', 'high', [null, null]),
    rule(VERDICT_RULES.pagedOne, 'Verdict test: scanner', 'moderate', 'moderate', [null, null]),
    rule(VERDICT_RULES.pagedTwo, 'Verdict test: miner', 'high', 'moderate', [null, null]),
  )
  let serial = 0
  const detection = (
    ruleUuid: string,
    observable: { type: string; value: string },
    overrides: Partial<SimDetection> = {},
  ): SimDetection => {
    serial += 1
    const lastSeen = nowMs - (1 + (serial % 5)) * DAY_MS
    return {
      uuid: `dddddddd-0000-4000-8000-${hex(serial, 12)}`,
      rule_uuid: ruleUuid,
      account_uuid: CUSTOMER_ACCOUNT,
      device_ip: `10.9.${(serial >> 8) & 255}.${serial & 255}`,
      sensor_id: 'vrd1',
      status: 'active',
      muted_device: false,
      first_seen: iso(lastSeen - 2 * DAY_MS),
      last_seen: iso(lastSeen),
      created: iso(lastSeen - 2 * DAY_MS),
      updated: iso(lastSeen),
      event_count: 1,
      ...UNTRIAGED_DETECTION,
      indicators: [
        {
          field: observable.type === 'ip' ? 'dst.ip' : `http:${observable.type}`,
          values: [observable.value],
        },
      ],
      ...overrides,
    }
  }
  const o = VERDICT_OBSERVABLES
  const added: SimDetection[] = [
    detection(VERDICT_RULES.highHigh, o.malicious),
    detection(VERDICT_RULES.highHigh, o.malicious),
    detection(VERDICT_RULES.moderateLow, o.malicious),
    detection(VERDICT_RULES.moderateLow, o.suspicious),
    detection(VERDICT_RULES.lowHigh, o.suspicious, { account_uuid: DEMO_ACCOUNT_UUID }),
    detection(VERDICT_RULES.highHigh, o.mutedOnly, { muted: true }),
    detection(VERDICT_RULES.highHigh, o.mutedOnly, { muted_rule: true }),
    detection(VERDICT_RULES.highHigh, o.resolvedOnly, {
      status: 'resolved',
      resolution: 'false_positive',
    }),
    detection(VERDICT_RULES.highHigh, o.testAccountOnly, { account_uuid: DEMO_ACCOUNT_UUID }),
    detection(VERDICT_RULES.highHigh, o.stale, {
      first_seen: iso(nowMs - 90 * DAY_MS),
      last_seen: iso(nowMs - 60 * DAY_MS),
    }),
    detection(VERDICT_RULES.highHigh, o.respond),
    detection(VERDICT_RULES.moderateLow, o.respond),
    detection(VERDICT_RULES.lowHigh, o.respond),
    detection(VERDICT_RULES.highHigh, o.respond, { muted: true }),
    detection(VERDICT_RULES.highHigh, o.respond, { status: 'resolved', resolution: 'unknown' }),
    detection(VERDICT_RULES.highHigh, o.respond, { account_uuid: DEMO_ACCOUNT_UUID }),
    detection(VERDICT_RULES.moderateLow, o.respondTwo),
    detection(VERDICT_RULES.moderateLow, o.respondTwo),
  ]
  for (let i = 0; i < PAGED_COUNT; i++) {
    // The oldest (last in first_seen order, so on the second page) is the only high-severity one.
    const ruleUuid = i === 0 ? VERDICT_RULES.pagedTwo : VERDICT_RULES.pagedOne
    const lastSeen = nowMs - DAY_MS - (PAGED_COUNT - i) * 60_000
    added.push(
      detection(ruleUuid, o.paged, {
        first_seen: iso(lastSeen - 1000),
        last_seen: iso(lastSeen),
        created: iso(lastSeen - 1000),
      }),
    )
  }
  dataset.detections.push(...added)
  for (const entry of added) dataset.detectionEvents[entry.uuid] = []
  return dataset
}
