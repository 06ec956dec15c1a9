/**
 * The Entity API v1 lookups observe v2 uses: passive DNS
 * (`GET /entity/v1/entity/:value/pdns`) and files (`GET /entity/v1/entity/:hash/file`),
 * both derived from the dataset's events: DNS answers become resolution
 * records, files seen in HTTP, PE and SMTP events become file entities.
 * @module
 */
import type { Dataset, SimEvent } from './dataset.ts'
import type { DatasetIndex } from './dataset-index.ts'
import { SimHttpError } from './http-error.ts'
import { intParam } from './request-params.ts'
import type { Route, SimReply, SimRequest } from './router.ts'
import { isoMillis } from './time-format.ts'

interface PdnsEntry {
  domain: string
  resolved: string
  recordType: 'A' | 'AAAA'
  customerId: string
  accountUuid: string
  sensorId: string
  firstMs: number
  lastMs: number
}

interface FileEntry {
  md5: string | null
  sha1: string | null
  sha256: string | null
  names: Set<string>
  mimeTypes: Set<string>
  bytes: number | null
  devices: Set<string>
  firstMs: number
  lastMs: number
  /** Account code of the newest event, per test/non-test kind. */
  customerId: string
  test: boolean
  pe: Record<string, unknown> | null
}

const HASHES = ['md5', 'sha1', 'sha256'] as const
const DAY_MS = 86_400_000

/** The pdns and file routes under `/entity/v1/`. */
export function entityV1Routes(index: DatasetIndex): Route[] {
  const pdns = pdnsEntries(index.dataset)
  const files = fileEntries(index.dataset)
  return [
    {
      name: 'entity-pdns',
      method: 'GET',
      pattern: '/entity/v1/entity/:value/pdns',
      kind: 'api',
      handle: (request) => pdnsLookup(pdns, request),
    },
    {
      name: 'entity-file',
      method: 'GET',
      pattern: '/entity/v1/entity/:hash/file',
      kind: 'api',
      handle: (request) => fileLookup(files, request),
    },
  ]
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function pdnsEntries(dataset: Dataset): PdnsEntry[] {
  const accountUuid = new Map(dataset.accounts.map((account) => [account.code, account.uuid]))
  const byKey = new Map<string, PdnsEntry>()
  for (const event of dataset.events) {
    if (event.event_type !== 'dns') continue
    const domain = record(event.query)?.domain
    if (typeof domain !== 'string' || !Array.isArray(event.answers)) continue
    const ms = Date.parse(event.timestamp)
    for (const answer of event.answers) {
      const ip = record(answer)?.ip
      if (typeof ip !== 'string' || ip === '') continue
      const key = `${domain} ${ip} ${event.customer_id} ${event.sensor_id}`
      const entry = byKey.get(key)
      if (entry === undefined) {
        byKey.set(key, {
          domain,
          resolved: ip,
          recordType: ip.includes(':') ? 'AAAA' : 'A',
          customerId: event.customer_id,
          accountUuid: accountUuid.get(event.customer_id) ?? '',
          sensorId: event.sensor_id,
          firstMs: ms,
          lastMs: ms,
        })
      } else {
        entry.firstMs = Math.min(entry.firstMs, ms)
        entry.lastMs = Math.max(entry.lastMs, ms)
      }
    }
  }
  return [...byKey.values()].sort((a, b) => b.lastMs - a.lastMs)
}

function dayParam(query: URLSearchParams, name: string, endOfDay: boolean): number | undefined {
  const text = query.get(name)
  if (text === null || text === '') return undefined
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text)
  if (Number.isNaN(ms)) {
    throw new SimHttpError(400, 'client.invalid_request', `${name} must be a date (YYYY-MM-DD).`)
  }
  return endOfDay ? Math.floor(ms / DAY_MS) * DAY_MS + DAY_MS - 1 : ms
}

function pdnsLookup(entries: readonly PdnsEntry[], request: SimRequest): SimReply {
  const value = (request.params.value ?? '').toLowerCase()
  const { query } = request
  const start = dayParam(query, 'start_date', false)
  const end = dayParam(query, 'end_date', true)
  const limit = intParam(query, 'limit', 1000, { min: 1, max: 10_000 })
  const accounts = new Set(query.getAll('account_uuid'))
  const types = new Set(query.getAll('record_type').map((type) => type.toUpperCase()))
  const isAddress = /^[\d.]+$/.test(value) || value.includes(':')
  const found = entries.filter(
    (entry) =>
      (isAddress ? entry.resolved === value : entry.domain.toLowerCase() === value) &&
      (start === undefined || entry.lastMs >= start) &&
      (end === undefined || entry.firstMs <= end) &&
      (accounts.size === 0 || accounts.has(entry.accountUuid)) &&
      (types.size === 0 || types.has(entry.recordType)),
  )
  const passivedns = found.slice(0, limit).map((entry) => ({
    account_uuid: entry.accountUuid,
    customer_id: entry.customerId,
    sensor_id: entry.sensorId,
    first_seen: isoMillis(entry.firstMs),
    last_seen: isoMillis(entry.lastMs),
    record_type: entry.recordType,
    // For an address, what resolved to it; for a name, what it resolved to.
    resolved: isAddress ? entry.domain : entry.resolved,
    source: 'icebrg_dns',
  }))
  return {
    status: 200,
    body: {
      query_type: isAddress ? 'IP_ADDRESS' : 'HOST_NAME',
      result_count: passivedns.length,
      passivedns,
    },
  }
}

function filesOf(event: SimEvent): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = []
  if (Array.isArray(event.files)) {
    for (const file of event.files) {
      const entry = record(file)
      if (entry !== undefined) found.push(entry)
    }
  }
  const single = record(event.file)
  if (single !== undefined) found.push(single)
  return found
}

function internalIp(event: SimEvent): string | undefined {
  if (event.src.internal) return event.src.ip
  if (event.dst.internal) return event.dst.ip
  return undefined
}

const TEST_CODES = new Set(['dmo', 'chg'])

function fileEntries(dataset: Dataset): Map<string, FileEntry[]> {
  // One entry per file and kind of account (real or test), so a real customer's
  // file is not described by the shared demo tenants' sightings.
  const byHash = new Map<string, FileEntry[]>()
  const entries: FileEntry[] = []
  const find = (file: Record<string, unknown>, test: boolean): FileEntry | undefined => {
    for (const hash of HASHES) {
      const value = file[hash]
      if (typeof value !== 'string') continue
      const entry = byHash.get(value)?.find((candidate) => candidate.test === test)
      if (entry !== undefined) return entry
    }
    return undefined
  }
  // Events are newest first: the first event of a file names its account.
  for (const event of dataset.events) {
    const test = TEST_CODES.has(event.customer_id)
    const ms = Date.parse(event.timestamp)
    for (const file of filesOf(event)) {
      let entry = find(file, test)
      if (entry === undefined) {
        entry = {
          md5: null,
          sha1: null,
          sha256: null,
          names: new Set(),
          mimeTypes: new Set(),
          bytes: null,
          devices: new Set(),
          firstMs: ms,
          lastMs: ms,
          customerId: event.customer_id,
          test,
          pe: null,
        }
        entries.push(entry)
      }
      for (const hash of HASHES) {
        const value = file[hash]
        if (typeof value === 'string' && entry[hash] === null) {
          entry[hash] = value
          const list = byHash.get(value)
          if (list === undefined) byHash.set(value, [entry])
          else if (!list.includes(entry)) list.push(entry)
        }
      }
      if (typeof file.name === 'string') entry.names.add(file.name)
      if (typeof file.mime_type === 'string') entry.mimeTypes.add(file.mime_type)
      if (typeof file.bytes === 'number' && entry.bytes === null) entry.bytes = file.bytes
      const device = internalIp(event)
      if (device !== undefined) entry.devices.add(device)
      entry.firstMs = Math.min(entry.firstMs, ms)
      entry.lastMs = Math.max(entry.lastMs, ms)
      if (event.event_type === 'pe' && entry.pe === null) {
        entry.pe = {
          pe_compile_timestamp: event.compile_timestamp ?? null,
          pe_os: event.os ?? null,
          pe_subsystem: event.subsystem ?? null,
          pe_machine: event.machine ?? null,
          pe_section_names: event.section_names ?? null,
          pe_is_exe: event.is_exe ?? null,
          pe_is_64bit: event.is64_bit ?? null,
        }
      }
    }
  }
  return byHash
}

function fileLookup(files: Map<string, FileEntry[]>, request: SimRequest): SimReply {
  const hash = (request.params.hash ?? '').toLowerCase()
  const hashType = HASHES.find(
    (name) => hash.length === { md5: 32, sha1: 40, sha256: 64 }[name] && /^[0-9a-f]+$/.test(hash),
  )
  if (hashType === undefined) {
    throw new SimHttpError(
      400,
      'client.invalid_request',
      'The entity must be an MD5, SHA1 or SHA256 hash.',
    )
  }
  const candidates = files.get(hash) ?? []
  // The real customer's view first; the demo tenants' only when nothing else knows the file.
  const entry = candidates.find((candidate) => !candidate.test) ?? candidates[0]
  if (entry === undefined) {
    return { status: 404, body: { error: { code: 'client.not_found', message: 'Not Found' } } }
  }
  return {
    status: 200,
    body: {
      query_type: 'file',
      hash_type: hashType,
      file: {
        entity: hash,
        first_seen: isoMillis(entry.firstMs),
        last_seen: isoMillis(entry.lastMs),
        customer_id: entry.customerId,
        bytes: entry.bytes,
        names: [...entry.names],
        mime_type: [...entry.mimeTypes],
        md5: entry.md5,
        sha1: entry.sha1,
        sha256: entry.sha256,
        prevalence_count_internal: entry.devices.size,
        pe: entry.pe,
      },
    },
  }
}
