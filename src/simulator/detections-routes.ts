/**
 * The Detections API (`/detections/v1/`): detections with their filters,
 * paging and includes, the events behind a detection, and rules.
 * @module
 */

import type { SimDetection, SimEvent, SimRule } from './dataset.ts'
import type { DatasetIndex } from './dataset-index.ts'
import { SimHttpError } from './http-error.ts'
import { choiceParam, intParam, multiParam } from './request-params.ts'
import type { Route, SimReply, SimRequest } from './router.ts'
import { parseInstant } from './time-format.ts'

const PAGE = { min: 0, max: 10_000 }
const SORT_FIELDS = [
  'first_seen',
  'last_seen',
  'created',
  'updated',
  'status',
  'device_ip',
  'indicator_count',
] as const
type SortField = (typeof SORT_FIELDS)[number]

/** The routes under `/detections/v1/`. */
export function detectionsRoutes(index: DatasetIndex): Route[] {
  return [
    {
      name: 'detections',
      method: 'GET',
      pattern: '/detections/v1/detections',
      kind: 'api',
      handle: (request) => listDetections(index, request),
    },
    {
      name: 'detection-events',
      method: 'GET',
      pattern: '/detections/v1/events',
      kind: 'api',
      handle: (request) => detectionEvents(index, request),
    },
    {
      name: 'rules',
      method: 'GET',
      pattern: '/detections/v1/rules',
      kind: 'api',
      handle: (request) => listRules(index, request),
    },
    {
      name: 'rule',
      method: 'GET',
      pattern: '/detections/v1/rules/:uuid',
      kind: 'api',
      handle: (request) => ({ status: 200, body: { rule: findRule(index, request) } }),
    },
    {
      name: 'rule-events',
      method: 'GET',
      pattern: '/detections/v1/rules/:uuid/events',
      kind: 'api',
      handle: (request) => ruleEvents(index, request),
    },
  ]
}

function page(request: SimRequest): { offset: number; limit: number } {
  return {
    offset: intParam(request.query, 'offset', 0, { min: 0, max: Number.MAX_SAFE_INTEGER }),
    limit: intParam(request.query, 'limit', 100, PAGE),
  }
}

function dateWindow(request: SimRequest, prefix: string): (value: string) => boolean {
  const bound = (name: string): number | undefined => {
    const raw = request.query.get(name)
    if (raw === null || raw === '') return undefined
    const ms = parseInstant(raw)
    if (ms === undefined) {
      throw new SimHttpError(400, 'client.invalid_parameter', `${name} must be an ISO-8601 date.`)
    }
    return ms
  }
  const start = bound(`${prefix}_start_date`)
  const end = bound(`${prefix}_end_date`)
  return (value) => {
    const ms = Date.parse(value)
    return (start === undefined || ms >= start) && (end === undefined || ms < end)
  }
}

function booleanFilter(
  request: SimRequest,
  name: string,
): ((value: boolean) => boolean) | undefined {
  const raw = request.query.get(name)
  if (raw === null || raw === '') return undefined
  if (raw !== 'true' && raw !== 'false') {
    throw new SimHttpError(400, 'client.invalid_parameter', `${name} must be true or false.`)
  }
  return (value) => value === (raw === 'true')
}

function listDetections(index: DatasetIndex, request: SimRequest): SimReply {
  const { query } = request
  const { offset, limit } = page(request)
  const sortBy = choiceParam(query, 'sort_by', SORT_FIELDS, 'first_seen')
  const sortOrder = choiceParam(query, 'sort_order', ['asc', 'desc'] as const, 'desc')
  const include = new Set(multiParam(query, 'include'))
  const statuses = new Set(multiParam(query, 'status'))
  const accounts = new Set(multiParam(query, 'account_uuid'))
  const ruleUuids = new Set(multiParam(query, 'rule_uuid'))
  const severities = new Set(multiParam(query, 'rule_severity'))
  const confidences = new Set(multiParam(query, 'rule_confidence'))
  const categories = new Set(multiParam(query, 'rule_category'))
  const deviceIp = query.get('device_ip')
  const sensorId = query.get('sensor_id')
  const indicatorValue = query.get('indicator_value')
  const muted = booleanFilter(request, 'muted')
  const mutedRule = booleanFilter(request, 'muted_rule')
  const mutedDevice = booleanFilter(request, 'muted_device')
  const created = dateWindow(request, 'created')
  const createdOrShared = dateWindow(request, 'created_or_shared')

  // By indicator value the index gives the few candidates; the filter below still checks each.
  const candidates =
    indicatorValue === null
      ? index.dataset.detections
      : (index.detectionsByIndicatorValue.get(indicatorValue) ?? [])
  const matches = candidates.filter((detection) => {
    const rule = index.rulesByUuid.get(detection.rule_uuid)
    return (
      (statuses.size === 0 || statuses.has(detection.status)) &&
      (accounts.size === 0 || accounts.has(detection.account_uuid)) &&
      (ruleUuids.size === 0 || ruleUuids.has(detection.rule_uuid)) &&
      (severities.size === 0 || (rule !== undefined && severities.has(rule.severity))) &&
      (confidences.size === 0 || (rule !== undefined && confidences.has(rule.confidence))) &&
      (categories.size === 0 || (rule !== undefined && categories.has(rule.category))) &&
      (deviceIp === null || detection.device_ip === deviceIp) &&
      (sensorId === null || detection.sensor_id === sensorId) &&
      (indicatorValue === null ||
        detection.indicators.some((indicator) => indicator.values.includes(indicatorValue))) &&
      (muted === undefined || muted(detection.muted)) &&
      (mutedRule === undefined || mutedRule(detection.muted_rule)) &&
      (mutedDevice === undefined || mutedDevice(detection.muted_device === true)) &&
      created(detection.created) &&
      createdOrShared(detection.created)
    )
  })
  const direction = sortOrder === 'asc' ? 1 : -1
  matches.sort(
    (a, b) =>
      direction * compare(sortKey(a, sortBy), sortKey(b, sortBy)) || compare(a.uuid, b.uuid),
  )
  const detections = matches.slice(offset, offset + limit).map((detection) => ({
    ...detection,
    indicators: include.has('indicators')
      ? detection.indicators.map((indicator) => ({ ...indicator, values: [...indicator.values] }))
      : null,
  }))
  const body: Record<string, unknown> = {
    result_count: detections.length,
    total_count: matches.length,
    offset,
    limit,
    sort_by: sortBy,
    sort_order: sortOrder,
    detections,
  }
  if (include.has('rules')) {
    const ruleUuidsOnPage = [...new Set(detections.map((detection) => detection.rule_uuid))]
    body.rules = ruleUuidsOnPage.flatMap((uuid) => {
      const rule = index.rulesByUuid.get(uuid)
      return rule === undefined ? [] : [{ ...rule }]
    })
  }
  return { status: 200, body }
}

function sortKey(detection: SimDetection, field: SortField): string | number {
  switch (field) {
    case 'indicator_count':
      return detection.indicators.reduce((sum, indicator) => sum + indicator.values.length, 0)
    case 'device_ip':
      // Numeric order of IPv4 addresses, as a database sorting an inet column would.
      return detection.device_ip.replace(/\d+/g, (part) => part.padStart(3, '0'))
    default:
      return detection[field]
  }
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function eventsOf(index: DatasetIndex, detectionUuid: string): SimEvent[] {
  return (index.dataset.detectionEvents[detectionUuid] ?? []).flatMap((uuid) => {
    const event = index.eventsByUuid.get(uuid)
    return event === undefined ? [] : [event]
  })
}

function detectionEvents(index: DatasetIndex, request: SimRequest): SimReply {
  const uuid = request.query.get('detection_uuid')
  if (uuid === null || uuid === '') {
    throw new SimHttpError(400, 'client.missing_parameter', 'detection_uuid is required.')
  }
  const { offset, limit } = page(request)
  const detection = index.detectionsByUuid.get(uuid)
  const all = detection === undefined ? [] : eventsOf(index, uuid)
  const events = all
    .slice(offset, offset + limit)
    .map((event) => ({ rule_uuid: detection?.rule_uuid ?? null, event }))
  return {
    status: 200,
    body: { events, total_count: all.length, result_count: events.length, offset, limit },
  }
}

function findRule(index: DatasetIndex, request: SimRequest): SimRule {
  const rule = index.rulesByUuid.get(request.params.uuid ?? '')
  if (rule === undefined) throw new SimHttpError(404, 'client.not_found', 'Rule not found.')
  return rule
}

function listRules(index: DatasetIndex, request: SimRequest): SimReply {
  const { query } = request
  const { offset, limit } = page(request)
  const sortBy = choiceParam(
    query,
    'sort_by',
    ['created', 'updated', 'severity', 'confidence', 'category'] as const,
    'updated',
  )
  const sortOrder = choiceParam(query, 'sort_order', ['asc', 'desc'] as const, 'desc')
  const account = query.get('account_uuid')
  const search = query.get('search')?.toLowerCase()
  const severities = new Set(multiParam(query, 'severity'))
  const confidences = new Set(multiParam(query, 'confidence'))
  const categories = new Set(multiParam(query, 'category'))
  const matches = index.dataset.rules.filter(
    (rule) =>
      (account === null || rule.run_account_uuids.includes(account)) &&
      (search === undefined || rule.name.toLowerCase().includes(search)) &&
      (severities.size === 0 || severities.has(rule.severity)) &&
      (confidences.size === 0 || confidences.has(rule.confidence)) &&
      (categories.size === 0 || categories.has(rule.category)),
  )
  const direction = sortOrder === 'asc' ? 1 : -1
  matches.sort((a, b) => direction * compare(a[sortBy], b[sortBy]) || compare(a.uuid, b.uuid))
  const rules = matches.slice(offset, offset + limit)
  return {
    status: 200,
    body: {
      rules,
      result_count: rules.length,
      total_count: matches.length,
      offset,
      limit,
      sort_by: sortBy,
      sort_order: sortOrder,
    },
  }
}

function ruleEvents(index: DatasetIndex, request: SimRequest): SimReply {
  const rule = findRule(index, request)
  const { offset, limit } = page(request)
  const account = request.query.get('account_uuid')
  const events = index.dataset.detections
    .filter((detection) => detection.rule_uuid === rule.uuid)
    .filter((detection) => account === null || detection.account_uuid === account)
    .flatMap((detection) => eventsOf(index, detection.uuid))
  return {
    status: 200,
    body: { total: events.length, limit, events: events.slice(offset, offset + limit) },
  }
}
