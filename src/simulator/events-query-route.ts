/**
 * The Events API query (`POST /events/v2/query`): IQL over the dataset's
 * events in a `[start_date, end_date)` window, newest first by default.
 * @module
 */
import type { DatasetIndex } from './dataset-index.ts'
import { createEventSearch, type EventSearch } from './event-search.ts'
import { type EventsApiSwitch, refuseWhenGone } from './events-api-mode.ts'
import { SimHttpError } from './http-error.ts'
import { type IqlNode, IqlSyntaxError, parseIql } from './iql-parser.ts'
import { checkInt, jsonBody } from './request-params.ts'
import type { Route, SimReply, SimRequest } from './router.ts'
import { parseInstant } from './time-format.ts'

/** `POST /events/v2/query` (a trailing slash is accepted too). */
export function eventsQueryRoutes(index: DatasetIndex, mode?: EventsApiSwitch): Route[] {
  const search = createEventSearch(index.dataset.events)
  return [
    {
      name: 'events-query',
      method: 'POST',
      pattern: '/events/v2/query',
      kind: 'api',
      handle: (request) => {
        if (mode !== undefined) refuseWhenGone(mode.get())
        return queryEvents(search, request)
      },
    },
  ]
}

function invalid(message: string): SimHttpError {
  return new SimHttpError(400, 'client.invalid_request', message)
}

function dateField(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  const ms = typeof value === 'string' ? parseInstant(value) : undefined
  if (ms === undefined) throw invalid(`${name} must be an ISO-8601 date.`)
  return ms
}

function queryEvents(search: EventSearch, request: SimRequest): SimReply {
  const body = jsonBody(request.bodyText)
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('The request body must be a JSON object.')
  }
  const fields = body as Record<string, unknown>
  if (typeof fields.query !== 'string' || fields.query.trim() === '') {
    throw invalid('query is required.')
  }
  let tree: IqlNode
  try {
    tree = parseIql(fields.query)
  } catch (error) {
    if (error instanceof IqlSyntaxError) {
      throw new SimHttpError(400, 'client.invalid_query', `Invalid query: ${error.message}`)
    }
    throw error
  }
  const start = dateField(fields, 'start_date')
  const end = dateField(fields, 'end_date')
  const limit =
    fields.limit === undefined || fields.limit === null
      ? 100
      : checkInt(fields.limit, 'limit', { min: 1, max: 10_000 })
  const order = fields.order ?? 'desc'
  if (order !== 'asc' && order !== 'desc') throw invalid('order must be asc or desc.')
  const customerId = fields.customer_id
  if (customerId !== undefined && customerId !== null && typeof customerId !== 'string') {
    throw invalid('customer_id must be a string.')
  }

  // Dataset events are stored newest first, so `desc` needs no sort.
  const matches = search.search(tree, (event) => {
    if (typeof customerId === 'string' && event.customer_id !== customerId) return false
    if (start === undefined && end === undefined) return true
    const ms = Date.parse(event.timestamp)
    return (start === undefined || ms >= start) && (end === undefined || ms < end)
  })
  if (order === 'asc') matches.reverse()
  return { status: 200, body: { total: matches.length, limit, events: matches.slice(0, limit) } }
}
