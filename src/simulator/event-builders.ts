/**
 * Builds one event of each supported type from the hosts, domain and file a
 * scenario chose, with the nulls and odd values real sensors produce.
 * @module
 */
import {
  FILE_KINDS,
  type NETWORK_OWNERS,
  type PLACES,
  SURICATA_SIGNATURES,
  USER_AGENTS,
} from './catalog.ts'
import type { SimEndpoint, SimEvent } from './dataset.ts'
import type { Random } from './prng.ts'
import { isoMillis } from './time-format.ts'

/** Event types the generator produces. */
export const EVENT_TYPES = [
  'flow',
  'dns',
  'http',
  'ssl',
  'x509',
  'pe',
  'ssh',
  'suricata',
  'kerberos',
] as const
/** One of {@link EVENT_TYPES}. */
export type SimEventType = (typeof EVENT_TYPES)[number]

/** The `uri` record of an HTTP event, split the way ThreatINSIGHT splits it. */
export function uriRecord(path: string, query: string | null): Record<string, unknown> {
  return {
    uri: query === null ? path : `${path}?${query}`,
    scheme: null,
    host: null,
    port: -1,
    path,
    query,
    fragment: null,
    params: query === null ? null : [query.split('=')[0]],
  }
}

/** An internal machine; its DHCP leases live in the dataset. */
export interface InternalHost {
  ip: string
  accountCode: string
  sensorId: string
}

/** An address outside the tenant, with its enrichment. */
export interface ExternalHost {
  ip: string
  owner: (typeof NETWORK_OWNERS)[number]
  place: (typeof PLACES)[number]
}

/** A domain and the external addresses it resolves to. */
export interface DomainEntry {
  name: string
  ips: string[]
}

/** A transferred file; hashes can be missing, as Zeek sometimes reports. */
export interface FileEntry {
  name: string
  mime_type: string
  bytes: number
  md5: string | null
  sha1: string | null
  sha256: string | null
}

/** What a scenario decided for one event. */
export interface EventContext {
  time: number
  client: InternalHost
  /** The other side; internal when it is another machine of the tenant. */
  server: ExternalHost | InternalHost
  domain?: DomainEntry | undefined
  file?: FileEntry | undefined
  /** The server side opened the connection (inbound scans, brute force). */
  inbound?: boolean | undefined
  /** Extra fields to force (e.g. a fixed URI or signature). */
  overrides?: Record<string, unknown> | undefined
}

/** Builds an event of `type`; `uuid`, `flow_id` and values vary with `rng`. */
export function buildEvent(type: SimEventType, rng: Random, ctx: EventContext): SimEvent {
  const event = commonFields(type, rng, ctx)
  Object.assign(event, SPECIFIC[type](rng, ctx))
  if (ctx.overrides !== undefined) Object.assign(event, ctx.overrides)
  return event
}

function isExternal(host: ExternalHost | InternalHost): host is ExternalHost {
  return 'owner' in host
}

function endpoint(rng: Random, host: ExternalHost | InternalHost, port: number): SimEndpoint {
  const traffic = { ip_bytes: rng.int(40, 250_000), pkts: rng.int(1, 400) }
  if (!isExternal(host)) {
    return { ip: host.ip, port, internal: true, ...traffic, asn: null, geo: null }
  }
  const { place, owner } = host
  return {
    ip: host.ip,
    port,
    internal: false,
    ...traffic,
    asn: { ...owner },
    geo: {
      city: place.city,
      country: place.country,
      subdivision: place.subdivision,
      location: { lat: place.lat, lon: place.lon },
    },
  }
}

const SERVER_PORTS: Record<SimEventType, readonly number[]> = {
  flow: [443, 80, 445, 3389, 8080, 123],
  dns: [53],
  http: [80, 8080],
  ssl: [443, 8443],
  x509: [443],
  pe: [80],
  ssh: [22],
  suricata: [80, 443, 3306],
  kerberos: [88],
}

function commonFields(type: SimEventType, rng: Random, ctx: EventContext): SimEvent {
  const clientSide = endpoint(rng, ctx.client, rng.int(49152, 65535))
  const serverSide = endpoint(rng, ctx.server, rng.pick(SERVER_PORTS[type]))
  const [src, dst] = ctx.inbound ? [serverSide, clientSide] : [clientSide, serverSide]
  return {
    uuid: rng.uuid(),
    timestamp: isoMillis(ctx.time),
    event_type: type,
    customer_id: ctx.client.accountCode,
    sensor_id: ctx.client.sensorId,
    flow_id: `C${rng.hex(17)}`,
    source: type === 'suricata' ? 'Suricata' : 'Zeek',
    src,
    dst,
    geo_distance: isExternal(ctx.server) ? Math.round(rng.next() * 9000 * 100) / 100 : null,
    intel: null,
  }
}

function entropy(rng: Random): number {
  return Math.round((2 + rng.next() * 2.5) * 1e6) / 1e6
}

function serverDomain(ctx: EventContext): string | null {
  return ctx.domain?.name ?? null
}

type Builder = (rng: Random, ctx: EventContext) => Record<string, unknown>

const SPECIFIC: Record<SimEventType, Builder> = {
  flow: (rng) => {
    const pkts = rng.int(2, 3000)
    return {
      duration: Math.round(rng.next() * 600 * 1000) / 1000,
      flow_state: rng.weighted([
        ['SF', 8],
        ['S0', 1],
        ['REJ', 1],
        ['RSTO', 1],
      ] as const),
      proto: rng.chance(0.85) ? 'tcp' : 'udp',
      service: rng.pick(['ssl', 'http', 'dns', 'smb', null] as const),
      total_ip_bytes: pkts * rng.int(60, 1400),
      total_pkts: pkts,
      upload_percent: Math.round(rng.next() * 10000) / 100,
    }
  },
  dns: (rng, ctx) => {
    const resolved = ctx.domain !== undefined && ctx.domain.ips.length > 0 && rng.chance(0.92)
    const qtype = rng.weighted([
      [[1, 'A'], 8],
      [[28, 'AAAA'], 2],
      [[16, 'TXT'], 1],
    ] as const)
    return {
      query: { domain: serverDomain(ctx) ?? 'wpad', domain_entropy: entropy(rng) },
      answers: resolved
        ? (ctx.domain?.ips ?? []).map((ip) => ({ ip, ttl: rng.int(30, 3600) }))
        : null,
      qtype: qtype[0],
      qtype_name: qtype[1],
      rcode: resolved ? 0 : 3,
      rcode_name: resolved ? 'NOERROR' : 'NXDOMAIN',
      rejected: resolved ? false : rng.pick([false, null] as const),
      ttls: resolved ? [rng.int(30, 3600)] : null,
    }
  },
  http: (rng, ctx) => {
    const method = ctx.file
      ? 'GET'
      : rng.weighted([
          ['GET', 7],
          ['POST', 2],
          ['HEAD', 1],
        ] as const)
    const path = ctx.file
      ? `/download/${ctx.file.name}`
      : rng.pick(['/', '/index.html', '/api/v1/status', '/submit.php', '/wp-login.php'])
    const query = rng.chance(0.3) ? `id=${rng.hex(8)}` : null
    const domain = serverDomain(ctx)
    const status = rng.weighted([
      [[200, 'OK'], 8],
      [[404, 'Not Found'], 1],
      [[302, 'Found'], 1],
    ] as const)
    return {
      method,
      host: domain !== null ? { domain, domain_entropy: entropy(rng) } : { ip: ctx.server.ip },
      uri: uriRecord(path, query),
      user_agent: rng.chance(0.95) ? rng.pick(USER_AGENTS) : null,
      referrer: rng.chance(0.3) ? { uri: `http://${domain ?? ctx.server.ip}/` } : null,
      username: null,
      proxied: null,
      info_msg: null,
      trans_depth: 1,
      status_code: status[0],
      status_msg: status[1],
      request_len: method === 'POST' ? rng.int(100, 50_000) : 0,
      response_len: ctx.file?.bytes ?? rng.int(0, 200_000),
      request_mime: null,
      response_mime:
        ctx.file?.mime_type ?? rng.pick(['text/html', 'application/json', null] as const),
      headers: {
        accept: '*/*',
        content_md5: null,
        content_type: null,
        cookie_length: rng.int(0, 400),
        location: null,
        origin: null,
        proxied_client_ips: null,
        refresh: null,
        server: rng.pick(['nginx', 'Apache', 'Microsoft-IIS/10.0', null] as const),
        x_powered_by: null,
      },
      files: ctx.file ? [{ ...ctx.file }] : rng.chance(0.2) ? [] : null,
    }
  },
  ssl: (rng, ctx) => {
    const domain = serverDomain(ctx)
    return {
      version: rng.pick(['TLSv12', 'TLSv13'] as const),
      cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      server_name: domain,
      server_name_indication:
        domain === null ? null : { domain, domain_entropy: entropy(rng), ip: null },
      subject: domain === null ? null : `CN=${domain}`,
      issuer: rng.pick([
        "CN=R3,O=Let's Encrypt,C=US",
        'CN=DigiCert TLS RSA SHA256 2020 CA1',
      ] as const),
      client_subject: null,
      client_issuer: null,
      validation_status: rng.pick(['ok', 'unable to get local issuer certificate'] as const),
      ja3: rng.hex(32),
      ja3s: rng.hex(32),
    }
  },
  x509: (rng, ctx) => {
    const domain = serverDomain(ctx)
    const start = ctx.time - rng.int(1, 80) * 86_400_000
    return {
      version: 3,
      serial: rng.hex(32).toUpperCase(),
      subject: domain === null ? 'CN=localhost' : `CN=${domain}`,
      issuer: "CN=R3,O=Let's Encrypt,C=US",
      valid_start: isoMillis(start),
      valid_end: isoMillis(start + 90 * 86_400_000),
      key_type: 'rsa',
      key_len: 2048,
      ca_constraints: false,
      ca_constraints_len: null,
      cert_id: `F${rng.hex(17)}`,
      san_dns: domain === null ? null : [domain, `www.${domain}`],
      san_email: null,
      san_ip: null,
      san_uri: null,
    }
  },
  pe: (rng, ctx) => ({
    file: ctx.file ? { ...ctx.file } : null,
    compile_timestamp: isoMillis(ctx.time - rng.int(10, 2000) * 86_400_000),
    machine: 'AMD64',
    os: 'Windows XP x64 or Server 2003',
    subsystem: 'WINDOWS_GUI',
    section_names: ['.text', '.rdata', '.data', '.rsrc'],
    is_exe: true,
    is64_bit: rng.chance(0.7),
    has_cert_table: rng.chance(0.2),
    has_debug_data: rng.chance(0.5),
    has_export_table: false,
    has_import_table: true,
    uses_aslr: true,
    uses_code_integrity: false,
    uses_dep: true,
    uses_seh: true,
  }),
  ssh: (rng, ctx) => ({
    version: 2,
    auth_success: ctx.inbound ? false : rng.pick([true, null] as const),
    auth_attempts: rng.int(1, 6),
    direction: ctx.inbound ? 'inbound' : 'outbound',
    client: rng.pick(['SSH-2.0-OpenSSH_8.9p1', 'SSH-2.0-libssh2_1.10.0', 'SSH-2.0-Go'] as const),
    server: 'SSH-2.0-OpenSSH_7.4',
    cipher_alg: 'chacha20-poly1305@openssh.com',
    compression_alg: 'none',
    host_key: rng.hex(47).replace(/(..)/g, '$1:').slice(0, 47),
    host_key_alg: 'ssh-ed25519',
    kex_alg: 'curve25519-sha256',
    mac_alg: 'umac-64-etm@openssh.com',
  }),
  suricata: (rng, ctx) => {
    const signature = rng.pick(SURICATA_SIGNATURES)
    const domain = serverDomain(ctx)
    return {
      sig_id: signature.id,
      sig_name: signature.name,
      sig_category: signature.category,
      sig_rev: rng.int(1, 9),
      sig_severity: rng.int(1, 3),
      payload: null,
      http:
        domain === null
          ? null
          : {
              hostname: domain,
              method: 'GET',
              protocol: 'HTTP/1.1',
              redirect: null,
              referrer: null,
              response_len: rng.int(0, 9000),
              response_mime: null,
              status: 200,
              uri: '/',
              user_agent: rng.pick(USER_AGENTS),
              xff: null,
            },
    }
  },
  kerberos: (rng, ctx) => {
    const success = rng.chance(0.85)
    return {
      client: `${rng.pick(['jdoe', 'asmith', 'svc_backup', 'mlopez'] as const)}/CORP.LOCAL`,
      service: rng.pick([
        'krbtgt/CORP.LOCAL',
        'MSSQLSvc/db01.corp.local:1433',
        'cifs/fs01.corp.local',
      ] as const),
      request_type: rng.pick(['AS', 'TGS'] as const),
      success,
      error_msg: success ? null : 'KDC_ERR_PREAUTH_FAILED',
      cipher: rng.pick(['aes256-cts-hmac-sha1-96', 'rc4-hmac'] as const),
      forwardable: true,
      renewable: true,
      ticket_from: null,
      ticket_till: isoMillis(ctx.time + 10 * 3_600_000),
      ticket_duration: 36000,
    }
  },
}

/** A file name for a transfer of some kind. */
export function fileName(rng: Random): { name: string; mime: string } {
  const kind = rng.pick(FILE_KINDS)
  const stem = rng.pick(['invoice', 'setup', 'update', 'report', 'payload', 'install'])
  return { name: `${stem}_${rng.int(1, 999)}.${kind.ext}`, mime: kind.mime }
}
