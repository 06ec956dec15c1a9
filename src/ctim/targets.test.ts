import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { makeEvent } from '../../test/support/ctim-builders.ts'
import type { DhcpRecord } from '../gti/schemas.ts'
import type { DhcpByIp } from './findings.ts'
import { buildTargets } from './targets.ts'

const time = { start_time: '2024-01-02T03:04:05.678Z', end_time: '2024-01-02T03:04:05.678Z' }
const noDhcp: DhcpByIp = new Map()
const dhcpOf = (ip: string, ...records: DhcpRecord[]): DhcpByIp => new Map([[ip, records]])

const observables = (fields: Record<string, unknown>, dhcp: DhcpByIp = noDhcp) =>
  buildTargets(makeEvent({ customer_id: 'cstmr', ...fields }), time, dhcp)[0]?.observables

describe('buildTargets', () => {
  test('an internal src is the endpoint, observed as the sighting', () => {
    assert.deepEqual(
      buildTargets(
        makeEvent({
          src: { ip: '10.0.0.1', internal: true },
          dst: { ip: '10.0.0.2', internal: true },
        }),
        time,
        noDhcp,
      ),
      [{ type: 'endpoint', observed_time: time, observables: [{ type: 'ip', value: '10.0.0.1' }] }],
    )
  })

  test('the dst when only it is internal; none when no side is', () => {
    assert.deepEqual(
      observables({
        src: { ip: '1.1.1.1', internal: false },
        dst: { ip: '10.0.0.2', internal: true },
      }),
      [{ type: 'ip', value: '10.0.0.2' }],
    )
    assert.deepEqual(
      buildTargets(
        makeEvent({ src: { ip: '1.1.1.1', internal: false }, dst: { ip: '2.2.2.2' } }),
        time,
        noDhcp,
      ),
      [],
    )
    assert.deepEqual(
      buildTargets(makeEvent({ src: { ip: '1.1.1.1', internal: null }, dst: null }), time, noDhcp),
      [],
    )
    assert.deepEqual(buildTargets(makeEvent({}), time, noDhcp), [])
  })

  test('an internal side without an ip is skipped', () => {
    assert.deepEqual(
      observables({ src: { internal: true }, dst: { ip: '10.0.0.2', internal: true } }),
      [{ type: 'ip', value: '10.0.0.2' }],
    )
    assert.deepEqual(buildTargets(makeEvent({ src: { ip: '', internal: true } }), time, noDhcp), [])
  })

  test('hostname and MAC from the first DHCP record of the event account', () => {
    const dhcp = dhcpOf(
      '10.0.0.1',
      { ip: '10.0.0.1', account_code: 'other', hostname: 'wrong', mac: 'aa' },
      { ip: '10.0.0.1', account_code: 'cstmr', hostname: 'host-1', mac: '00:11' },
      { ip: '10.0.0.1', account_code: 'cstmr', hostname: 'host-2', mac: '00:22' },
    )
    assert.deepEqual(observables({ src: { ip: '10.0.0.1', internal: true } }, dhcp), [
      { type: 'ip', value: '10.0.0.1' },
      { type: 'hostname', value: 'host-1' },
      { type: 'mac_address', value: '00:11' },
    ])
  })

  test('only the first matching record counts, even when its fields are empty', () => {
    const dhcp = dhcpOf(
      '10.0.0.1',
      { ip: '10.0.0.1', account_code: 'cstmr', hostname: '', mac: null },
      { ip: '10.0.0.1', account_code: 'cstmr', hostname: 'later', mac: '00:22' },
    )
    assert.deepEqual(observables({ src: { ip: '10.0.0.1', internal: true } }, dhcp), [
      { type: 'ip', value: '10.0.0.1' },
    ])
    const macOnly = dhcpOf('10.0.0.1', { ip: '10.0.0.1', account_code: 'cstmr', mac: '00:33' })
    assert.deepEqual(observables({ src: { ip: '10.0.0.1', internal: true } }, macOnly), [
      { type: 'ip', value: '10.0.0.1' },
      { type: 'mac_address', value: '00:33' },
    ])
  })

  test('no match: another account, another ip, or a null customer', () => {
    const dhcp = dhcpOf('10.0.0.1', { ip: '10.0.0.1', account_code: null, hostname: 'h', mac: 'm' })
    const ipOnly = [{ type: 'ip', value: '10.0.0.1' }]
    assert.deepEqual(observables({ src: { ip: '10.0.0.1', internal: true } }, dhcp), ipOnly)
    assert.deepEqual(
      observables({ customer_id: null, src: { ip: '10.0.0.1', internal: true } }, dhcp),
      ipOnly,
    )
    assert.deepEqual(
      observables(
        { src: { ip: '10.0.0.9', internal: true } },
        dhcpOf('10.0.0.1', { account_code: 'cstmr', hostname: 'h' }),
      ),
      [{ type: 'ip', value: '10.0.0.9' }],
    )
  })
})
