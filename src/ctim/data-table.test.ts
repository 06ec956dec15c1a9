import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { makeAttached, makeEvent } from '../../test/support/ctim-builders.ts'
import { buildDataTable } from './data-table.ts'

const names = (
  event: Parameters<typeof buildDataTable>[0],
  attached?: Parameters<typeof buildDataTable>[1],
) => buildDataTable(event, attached)?.columns.map(({ name, type }) => `${name}:${type}`)

describe('buildDataTable', () => {
  test('flow columns and cells', () => {
    const table = buildDataTable(
      makeEvent({
        event_type: 'flow',
        flow_state: 'SF',
        proto: 'tcp',
        service: 'http',
        total_pkts: 12,
      }),
    )
    assert.deepEqual(table, {
      columns: [
        { name: 'Event Summary', type: 'string' },
        { name: '• flow_state', type: 'string' },
        { name: '• proto', type: 'string' },
        { name: '• service', type: 'string' },
        { name: '• total_pkts', type: 'integer' },
      ],
      rows: [[' ', 'SF', 'tcp', 'http', 12]],
    })
  })

  test('dns columns; rejected as the string true/false, null when null or absent', () => {
    const event = (rejected: unknown) =>
      makeEvent({
        event_type: 'dns',
        qtype: 1,
        qtype_name: 'A',
        rcode: 0,
        rcode_name: 'NOERROR',
        rejected,
      })
    assert.deepEqual(names(event(false)), [
      'Event Summary:string',
      '• qtype:integer',
      '• qtype_name:string',
      '• rcode:integer',
      '• rcode_name:string',
      '• rejected:string',
    ])
    assert.deepEqual(buildDataTable(event(false))?.rows, [[' ', 1, 'A', 0, 'NOERROR', 'false']])
    assert.deepEqual(buildDataTable(event(true))?.rows[0]?.at(-1), 'true')
    assert.deepEqual(buildDataTable(event(null))?.rows[0]?.at(-1), null)
    assert.deepEqual(buildDataTable(event('yes'))?.rows[0]?.at(-1), null)
    assert.deepEqual(buildDataTable(makeEvent({ event_type: 'dns' }))?.rows, [
      [' ', null, null, null, null, null],
    ])
  })

  test('http columns; files counted, 0 for null or empty, null when absent', () => {
    const event = (files?: unknown) =>
      makeEvent({
        event_type: 'http',
        method: 'GET',
        status_code: 200,
        status_msg: 'OK',
        ...(files === undefined ? {} : { files }),
      })
    assert.deepEqual(names(event([])), [
      'Event Summary:string',
      '• method:string',
      '• status_code:integer',
      '• status_msg:string',
      '• files:integer',
    ])
    assert.deepEqual(buildDataTable(event([{}, {}, {}]))?.rows, [[' ', 'GET', 200, 'OK', 3]])
    assert.equal(buildDataTable(event([]))?.rows[0]?.at(-1), 0)
    assert.equal(buildDataTable(event(null))?.rows[0]?.at(-1), 0)
    assert.equal(buildDataTable(event())?.rows[0]?.at(-1), null)
  })

  test('ssh and suricata columns', () => {
    assert.deepEqual(
      buildDataTable(
        makeEvent({ event_type: 'ssh', direction: 'inbound', client: 'c', server: 's' }),
      ),
      {
        columns: [
          { name: 'Event Summary', type: 'string' },
          { name: '• direction', type: 'string' },
          { name: '• client', type: 'string' },
          { name: '• server', type: 'string' },
        ],
        rows: [[' ', 'inbound', 'c', 's']],
      },
    )
    assert.deepEqual(
      names(
        makeEvent({
          event_type: 'suricata',
          sig_name: 'n',
          sig_category: 'c',
          sig_id: 7,
          sig_rev: 1.5,
        }),
      ),
      [
        'Event Summary:string',
        '• sig_name:string',
        '• sig_category:string',
        '• sig_id:integer',
        '• sig_rev:number',
      ],
    )
  })

  test('values are copied as they are, whatever their type', () => {
    const odd = { nested: [1] }
    const table = buildDataTable(
      makeEvent({ event_type: 'flow', flow_state: odd, proto: 6, service: null }),
    )
    assert.deepEqual(table?.rows, [[' ', odd, 6, null, null]])
  })

  test('unlisted or differently cased types have no event columns, hence no table', () => {
    for (const event_type of [
      'pe',
      'x509',
      'ssl',
      'kerberos',
      'HTTP',
      'Flow',
      null,
      undefined,
      '__proto__',
    ]) {
      assert.equal(
        buildDataTable(makeEvent({ event_type, method: 'GET' })),
        undefined,
        String(event_type),
      )
    }
  })

  test('attached events start with the detection summary columns', () => {
    const attached = makeAttached()
    assert.deepEqual(buildDataTable(makeEvent({ event_type: 'pe' }), attached), {
      columns: [
        { name: 'Detection Summary', type: 'string' },
        { name: 'Impacted Devices', type: 'integer' },
        { name: 'Indicator Values', type: 'integer' },
      ],
      rows: [[' ', 2, 5]],
    })
    const table = buildDataTable(makeEvent({ event_type: 'ssh', direction: 'outbound' }), attached)
    assert.deepEqual(
      table?.columns.map((column) => column.name),
      [
        'Detection Summary',
        'Impacted Devices',
        'Indicator Values',
        'Event Summary',
        '• direction',
        '• client',
        '• server',
      ],
    )
    assert.deepEqual(table?.rows, [[' ', 2, 5, ' ', 'outbound', null, null]])
  })
})
