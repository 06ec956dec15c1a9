/**
 * The Entity API's DHCP lookups: the bulk tracking call the relay makes
 * (`POST /entity/v2/entity/tracking/bulk/get/ip`) and the v1 per-IP history.
 * @module
 */

import type { DhcpLease } from './dataset.ts'
import type { DatasetIndex } from './dataset-index.ts'
import { SimHttpError } from './http-error.ts'
import { jsonBody } from './request-params.ts'
import type { Route, SimReply, SimRequest } from './router.ts'
import { parseInstant } from './time-format.ts'

/** The DHCP routes under `/entity/`. */
export function entityRoutes(index: DatasetIndex): Route[] {
  return [
    {
      name: 'dhcp',
      method: 'POST',
      pattern: '/entity/v2/entity/tracking/bulk/get/ip',
      kind: 'api',
      handle: (request) => bulkDhcp(index, request),
    },
    {
      name: 'entity-dhcp',
      method: 'GET',
      pattern: '/entity/v1/entity/:ip/dhcp',
      kind: 'api',
      handle: (request) => dhcpHistory(index, request),
    },
  ]
}

function covers(lease: DhcpLease, ms: number): boolean {
  return (
    Date.parse(lease.lease_start) <= ms &&
    (lease.lease_end === null || ms < Date.parse(lease.lease_end))
  )
}

function bulkDhcp(index: DatasetIndex, request: SimRequest): SimReply {
  const body = jsonBody(request.bodyText) as { entities?: unknown } | null
  const entities = body !== null && typeof body === 'object' ? body.entities : undefined
  if (!Array.isArray(entities) || entities.length === 0) {
    throw new SimHttpError(400, 'client.invalid_request', 'No entities specified.')
  }
  const now = Date.parse(index.dataset.now)
  const seen = new Set<string>()
  const dhcp: { ip: string; account_code: string; mac: string; hostname: string }[] = []
  for (const [i, entity] of entities.entries()) {
    const { ip, event_time: eventTime } = (entity ?? {}) as { ip?: unknown; event_time?: unknown }
    if (typeof ip !== 'string' || ip === '') {
      throw new SimHttpError(400, 'client.invalid_request', `entities[${i}].ip is required.`)
    }
    const ms =
      eventTime === undefined || eventTime === null
        ? now
        : typeof eventTime === 'string'
          ? parseInstant(eventTime)
          : undefined
    if (ms === undefined) {
      throw new SimHttpError(
        400,
        'client.invalid_request',
        `entities[${i}].event_time must be an ISO-8601 date.`,
      )
    }
    for (const lease of index.leasesByIp.get(ip) ?? []) {
      const key = `${lease.ip} ${lease.account_code} ${lease.mac} ${lease.hostname}`
      if (!covers(lease, ms) || seen.has(key)) continue
      seen.add(key)
      dhcp.push({
        ip: lease.ip,
        account_code: lease.account_code,
        mac: lease.mac,
        hostname: lease.hostname,
      })
    }
  }
  return { status: 200, body: { entity_tracking_bulk_response: { dhcp } } }
}

function dhcpHistory(index: DatasetIndex, request: SimRequest): SimReply {
  const ip = request.params.ip ?? ''
  const accounts = new Set(request.query.getAll('account_uuid'))
  const codes = new Set(
    index.dataset.accounts
      .filter((account) => accounts.has(account.uuid))
      .map((account) => account.code),
  )
  const leases = (index.leasesByIp.get(ip) ?? []).filter(
    (lease) => accounts.size === 0 || codes.has(lease.account_code),
  )
  return {
    status: 200,
    body: {
      query_type: 'IP_ADDRESS',
      dhcp: leases.map((lease) => ({
        customer_id: lease.account_code,
        hostnames: [lease.hostname],
        ip: lease.ip,
        mac: lease.mac,
        lease_start: lease.lease_start,
        lease_end: lease.lease_end,
        sensor_id: lease.sensor_id,
        start_lease_as_long: Date.parse(lease.lease_start),
      })),
    },
  }
}
