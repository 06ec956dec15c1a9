/**
 * Events for the observable types observe v2 added: IPv6 traffic and AAAA
 * answers, a distinctive user agent (with a quote and double quotes, so IQL
 * escaping is exercised) and SMTP mail with sender, recipient and reply-to
 * addresses. Built from their own random stream so the rest of the dataset
 * stays as it was.
 * @module
 */
import type { SimEndpoint, SimEvent } from './dataset.ts'
import { createRandom, type Random } from './prng.ts'
import { isoMillis } from './time-format.ts'

/** Values of the v2 observable types that have events in every generated dataset. */
export const MORE_OBSERVABLES = {
  ipv6: '2001:db8:5:1::bad',
  user_agent: `TrickLoader/1.3 (it's "compatible"; Windows NT 10.0)`,
  email: 'billing@securecorp.club',
} as const

/** The domain whose AAAA answers point at {@link MORE_OBSERVABLES}.ipv6. */
export const IPV6_DOMAIN = 'v6.securecorp.club'

/** An account events may be made in: its code, a sensor, an internal address. */
export interface EventAccount {
  code: string
  sensorId: string
  internalIp: string
  /** Test accounts get a few events, so the filters have something to drop. */
  test: boolean
}

const MINUTE = 60_000

/** The address part of an event side; the counters are made up. */
interface Side {
  ip: string
  internal: boolean
  port?: number
}

function side(rng: Random, given: Side, port: number): SimEndpoint {
  return {
    port,
    ip_bytes: rng.int(200, 90_000),
    pkts: rng.int(2, 400),
    asn: null,
    geo: null,
    ...given,
  }
}

function common(
  rng: Random,
  type: string,
  at: number,
  account: EventAccount,
  src: Side,
  dst: Side,
): SimEvent {
  return {
    uuid: rng.uuid(),
    timestamp: isoMillis(at),
    event_type: type,
    customer_id: account.code,
    sensor_id: account.sensorId,
    flow_id: `C${rng.hex(17)}`,
    source: 'Zeek',
    src: side(rng, src, rng.int(49152, 65535)),
    dst: side(rng, dst, 443),
    geo_distance: null,
    intel: null,
  }
}

function internalV6(account: EventAccount, n: number): string {
  const octets = account.internalIp.split('.').map(Number)
  return `fd00:${(octets[1] ?? 0).toString(16)}:${(octets[2] ?? 0).toString(16)}::${(n + 1).toString(16)}`
}

/** The events: a handful per kind and account, spread over the last six days. */
export function moreObservableEvents(options: {
  seed: number
  now: number
  accounts: readonly EventAccount[]
}): SimEvent[] {
  const rng = createRandom((options.seed * 7919 + 17) >>> 0)
  const events: SimEvent[] = []
  const when = () => options.now - rng.int(5, 6 * 24 * 60) * MINUTE - rng.int(0, 59_999)
  for (const account of options.accounts) {
    const rounds = account.test ? 1 : 3
    for (let n = 0; n < rounds; n++) {
      const host = { ip: account.internalIp, internal: true }
      const hostV6 = { ip: internalV6(account, n), internal: true }
      const badV6 = { ip: MORE_OBSERVABLES.ipv6, internal: false }
      events.push({
        ...common(rng, 'flow', when(), account, hostV6, badV6),
        flow_state: 'SF',
        proto: 'tcp',
        service: 'ssl',
        total_pkts: rng.int(10, 900),
      })
      events.push({
        ...common(rng, 'dns', when(), account, hostV6, {
          ip: 'fd00::53',
          internal: true,
          port: 53,
        }),
        query: { domain: IPV6_DOMAIN, domain_entropy: 2.9 },
        answers: [{ ip: MORE_OBSERVABLES.ipv6 }],
        qtype: 28,
        qtype_name: 'AAAA',
        rcode: 0,
        rcode_name: 'NOERROR',
        rejected: false,
        ttls: [300],
      })
      const httpAt = when()
      events.push({
        ...common(rng, 'http', httpAt, account, host, badV6),
        method: 'GET',
        host: { domain: IPV6_DOMAIN, domain_entropy: 2.9 },
        uri: {
          uri: `/update/${rng.hex(8)}.bin`,
          scheme: null,
          host: null,
          port: -1,
          path: null,
          query: null,
          fragment: null,
          params: null,
        },
        user_agent: MORE_OBSERVABLES.user_agent,
        referrer: null,
        status_code: 200,
        status_msg: 'OK',
        files: null,
      })
      events.push({
        ...common(
          rng,
          'smtp',
          when(),
          account,
          { ip: '203.0.113.25', internal: false },
          { ...host, port: 25 },
        ),
        mailfrom: MORE_OBSERVABLES.email,
        rcptto: [`user${n}@${account.code}.example`],
        from: { name: 'Billing', domain: 'securecorp.club', email: MORE_OBSERVABLES.email },
        to: [
          {
            name: null,
            domain: `${account.code}.example`,
            email: `user${n}@${account.code}.example`,
          },
        ],
        reply_to: { name: null, domain: 'securecorp.club', email: MORE_OBSERVABLES.email },
        subject: `Invoice ${rng.int(1000, 9999)} overdue`,
        is_webmail: false,
        tls: true,
        urls: [`http://${IPV6_DOMAIN}/invoice`],
        files: [],
      })
    }
  }
  return events
}
