import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  eventTypeOf,
  formatObserveAnswer,
  formatTime,
  sightingCells,
  targetOf,
} from './format-observe.ts'

const IP = { type: 'ip', value: '45.77.51.101' }

const attached = {
  type: 'sighting',
  id: 'transient:sighting-1',
  observed_time: { start_time: '2026-11-27T17:52:08.123Z', end_time: '2026-11-27T17:52:08.123Z' },
  observables: [IP],
  severity: 'Medium',
  description:
    'Gigamon ThreatINSIGHT recorded a network event of type **http**.\n\nIt is evidence for a detection of the rule **Suspicious Executable File**.',
  targets: [
    {
      type: 'endpoint',
      observables: [
        { type: 'ip', value: '10.1.70.2' },
        { type: 'hostname', value: 'HR-LT265' },
      ],
    },
  ],
}

const unattached = {
  type: 'sighting',
  id: 'transient:sighting-2',
  observed_time: { start_time: '2026-11-26T01:09:52Z', end_time: '2026-11-26T01:09:52Z' },
  observables: [IP],
  description: 'Gigamon ThreatINSIGHT recorded a network event of type **dns\\_x**.',
}

const answer = {
  data: {
    sightings: { count: 2, docs: [attached, unattached] },
    indicators: {
      count: 1,
      docs: [
        {
          type: 'indicator',
          id: 'transient:indicator-r1',
          title: 'Suspicious Executable File',
          severity: 'Medium',
          confidence: 'Low',
        },
      ],
    },
    relationships: {
      count: 1,
      docs: [
        {
          type: 'relationship',
          relationship_type: 'sighting-of',
          source_ref: 'transient:sighting-1',
          target_ref: 'transient:indicator-r1',
        },
      ],
    },
  },
  errors: [{ code: 'upstream timeout', message: 'The DHCP lookup timed out.', type: 'warning' }],
}

describe('observe summary', () => {
  test('times drop the fraction of a second', () => {
    assert.equal(formatTime('2026-11-27T17:52:08.123Z'), '2026-11-27 17:52:08Z')
    assert.equal(formatTime('2026-11-27T17:52:08Z'), '2026-11-27 17:52:08Z')
    assert.equal(formatTime(undefined), '-')
  })

  test('the event type comes from the description, markdown escapes undone', () => {
    assert.equal(eventTypeOf(attached), 'http')
    assert.equal(eventTypeOf(unattached), 'dns_x')
    assert.equal(eventTypeOf({ description: 'no type here' }), '-')
  })

  test('the target is the ip with its hostname when known', () => {
    assert.equal(targetOf(attached as never), '10.1.70.2 (HR-LT265)')
    assert.equal(
      targetOf({ targets: [{ type: 'endpoint', observed_time: {} as never, observables: [IP] }] }),
      '45.77.51.101',
    )
    assert.equal(targetOf({}), '-')
  })

  test('sighting cells name the rule through the sighting-of relationship', () => {
    const rules = new Map([['transient:sighting-1', 'Suspicious Executable File']])
    assert.deepEqual(sightingCells(attached as never, rules), [
      '2026-11-27 17:52:08Z',
      'http',
      'Suspicious Executable File',
      'Medium',
      '10.1.70.2 (HR-LT265)',
    ])
    assert.deepEqual(sightingCells(unattached as never, rules), [
      '2026-11-26 01:09:52Z',
      'dns_x',
      '-',
      '-',
      '-',
    ])
  })

  test('the whole summary: heading, aligned sightings, indicators, warnings', () => {
    const lines = formatObserveAnswer(answer, [IP, { type: 'domain', value: 'example.org' }])
    assert.deepEqual(lines, [
      'ip 45.77.51.101  2 sightings',
      '  2026-11-27 17:52:08Z  http   Suspicious Executable File  Medium  10.1.70.2 (HR-LT265)',
      '  2026-11-26 01:09:52Z  dns_x  -                           -       -',
      '',
      'domain example.org  no sightings',
      '',
      'Indicators (1)',
      '  Suspicious Executable File  severity Medium  confidence Low',
      '',
      'Warnings',
      '  warning  upstream timeout  The DHCP lookup timed out.',
    ])
  })

  test('a cap on sightings says how many were left out', () => {
    const lines = formatObserveAnswer(answer, [IP], { maxSightings: 1 })
    assert.equal(lines[2], '  … 1 more (--json shows them all)')
  })

  test('a refused request shows only its errors', () => {
    const refused = {
      errors: [
        {
          code: 'authorization error',
          message: 'Authorization failed: Wrong JWT structure',
          type: 'fatal',
        },
      ],
    }
    assert.deepEqual(formatObserveAnswer(refused, [IP]), [
      'Errors',
      '  fatal  authorization error  Authorization failed: Wrong JWT structure',
    ])
  })
})
