/**
 * CTIM validity of the judgements and verdicts the relay emits (CTIM 1.3.28):
 * required fields, vocabularies and string limits, checked field by field.
 */
import assert from 'node:assert/strict'

const DISPOSITIONS: Record<number, string> = {
  1: 'Clean',
  2: 'Malicious',
  3: 'Suspicious',
  4: 'Common',
  5: 'Unknown',
}
const HIGH_MED_LOW = ['Info', 'Low', 'Medium', 'High', 'None', 'Unknown']
const SEVERITY = [...HIGH_MED_LOW, 'Critical']
const TLP = ['red', 'amber', 'green', 'white']
const OBSERVABLE_TYPES = [
  'ip',
  'ipv6',
  'domain',
  'md5',
  'sha1',
  'sha256',
  'url',
  'email',
  'user_agent',
]
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/
const END_MS = Date.parse('2525-01-01T00:00:00.000Z')

function assertTime(value: unknown, where: string): number {
  assert.equal(typeof value, 'string', `${where} is a string`)
  assert.match(value as string, ISO, `${where} is ISO-8601`)
  const ms = Date.parse(value as string)
  assert.ok(ms >= 0 && ms <= END_MS, `${where} is within 1970-2525`)
  return ms
}

function assertString(value: unknown, max: number, where: string): void {
  assert.equal(typeof value, 'string', `${where} is a string`)
  assert.ok((value as string).length <= max, `${where} is at most ${max} characters`)
}

function assertObservable(value: any, where: string): void {
  assert.deepEqual(Object.keys(value).sort(), ['type', 'value'], `${where} is {type, value}`)
  assert.ok(OBSERVABLE_TYPES.includes(value.type), `${where}.type is a CTIM observable type`)
  assertString(value.value, 2048, `${where}.value`)
}

function assertValidTime(value: any, where: string): void {
  assert.equal(typeof value, 'object', `${where} is an object`)
  const start = assertTime(value.start_time, `${where}.start_time`)
  const end = assertTime(value.end_time, `${where}.end_time`)
  assert.ok(end >= start, `${where} ends after it starts`)
}

function assertDisposition(doc: any, where: string): void {
  assert.ok(Number.isInteger(doc.disposition), `${where}.disposition is an integer`)
  assert.equal(
    doc.disposition_name,
    DISPOSITIONS[doc.disposition],
    `${where} names its disposition`,
  )
}

/** Every required field of a CTIM judgement, with its vocabulary and limits. */
export function assertValidJudgement(doc: any): void {
  const where = `judgement ${doc?.id}`
  assert.equal(doc.type, 'judgement')
  assertString(doc.id, 2048, `${where}.id`)
  assert.match(doc.id, /^transient:judgement-[0-9a-f-]{36}$/)
  assert.equal(typeof doc.schema_version, 'string')
  assertString(doc.source, 2048, `${where}.source`)
  assertObservable(doc.observable, `${where}.observable`)
  assertDisposition(doc, where)
  assert.ok(Number.isInteger(doc.priority) && doc.priority >= 0 && doc.priority <= 100)
  assert.ok(HIGH_MED_LOW.includes(doc.confidence), `${where}.confidence ${doc.confidence}`)
  assert.ok(SEVERITY.includes(doc.severity), `${where}.severity ${doc.severity}`)
  assertValidTime(doc.valid_time, `${where}.valid_time`)
  if (doc.reason !== undefined) assertString(doc.reason, 1024, `${where}.reason`)
  for (const key of ['reason_uri', 'source_uri']) {
    if (doc[key] !== undefined) {
      assertString(doc[key], 2048, `${where}.${key}`)
      assert.doesNotThrow(() => new URL(doc[key]), `${where}.${key} is a URI`)
    }
  }
  if (doc.tlp !== undefined) assert.ok(TLP.includes(doc.tlp))
  for (const id of doc.external_ids ?? []) assertString(id, 2048, `${where}.external_ids[]`)
  for (const ref of doc.external_references ?? []) {
    assertString(ref.source_name, 2048, `${where}.external_references[].source_name`)
    if (ref.url !== undefined) assertString(ref.url, 2048, `${where} reference url`)
    if (ref.description !== undefined) assertString(ref.description, 5000, `${where} reference`)
  }
  const allowed = new Set([
    'type',
    'id',
    'schema_version',
    'source',
    'source_uri',
    'observable',
    'disposition',
    'disposition_name',
    'priority',
    'confidence',
    'severity',
    'valid_time',
    'reason',
    'reason_uri',
    'external_ids',
    'external_references',
    'tlp',
    'timestamp',
    'language',
    'revision',
  ])
  for (const key of Object.keys(doc)) assert.ok(allowed.has(key), `${where} has no field ${key}`)
}

/** Every required field of a CTIM verdict (which has no id and no schema_version). */
export function assertValidVerdict(doc: any): void {
  assert.equal(doc.type, 'verdict')
  assertDisposition(doc, 'verdict')
  assertObservable(doc.observable, 'verdict.observable')
  assertValidTime(doc.valid_time, 'verdict.valid_time')
  if (doc.judgement_id !== undefined) assertString(doc.judgement_id, 2048, 'verdict.judgement_id')
  const allowed = [
    'type',
    'disposition',
    'disposition_name',
    'observable',
    'judgement_id',
    'valid_time',
  ]
  for (const key of Object.keys(doc))
    assert.ok(allowed.includes(key), `verdict has no field ${key}`)
}
