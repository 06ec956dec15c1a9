/**
 * The sighting data table: detection summary and a few event fields.
 * @module
 */
import type { GtiEvent } from '../gti/schemas.ts'
import { fieldOf, isNonEmpty } from './fields.ts'
import type { AttachedDetection } from './findings.ts'
import type { DataColumn, DataColumnType, DataTable } from './types.ts'

interface EventColumn {
  field: string
  type: DataColumnType
  /** Cell for this field; by default the value as it is, `null` when the key is absent. */
  cell?: (value: unknown) => unknown
}

// CTIM has no boolean column type.
const booleanText = (value: unknown): unknown => (typeof value === 'boolean' ? String(value) : null)

const fileCount = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.length
  return isNonEmpty(value) ? null : 0
}

const EVENT_COLUMNS: ReadonlyMap<string, readonly EventColumn[]> = new Map([
  [
    'flow',
    [
      { field: 'flow_state', type: 'string' },
      { field: 'proto', type: 'string' },
      { field: 'service', type: 'string' },
      { field: 'total_pkts', type: 'integer' },
    ],
  ],
  [
    'dns',
    [
      { field: 'qtype', type: 'integer' },
      { field: 'qtype_name', type: 'string' },
      { field: 'rcode', type: 'integer' },
      { field: 'rcode_name', type: 'string' },
      { field: 'rejected', type: 'string', cell: booleanText },
    ],
  ],
  [
    'http',
    [
      { field: 'method', type: 'string' },
      { field: 'status_code', type: 'integer' },
      { field: 'status_msg', type: 'string' },
      { field: 'files', type: 'integer', cell: fileCount },
    ],
  ],
  [
    'ssh',
    [
      { field: 'direction', type: 'string' },
      { field: 'client', type: 'string' },
      { field: 'server', type: 'string' },
    ],
  ],
  [
    'suricata',
    [
      { field: 'sig_name', type: 'string' },
      { field: 'sig_category', type: 'string' },
      { field: 'sig_id', type: 'integer' },
      { field: 'sig_rev', type: 'number' },
    ],
  ],
])

/**
 * The table of one sighting, or `undefined` when it would have no column (an
 * unattached event of a type without event columns). Attached events start with
 * `Detection Summary`, `Impacted Devices`, `Indicator Values`; listed event types
 * add `Event Summary` and one `• <field>` column per field. Absent keys give `null`
 * cells; `rejected` becomes `'true'`/`'false'` (`null` unless a boolean) and `files`
 * the number of files (`0` for null or empty, `null` when absent or not a list).
 */
export function buildDataTable(
  event: GtiEvent,
  attached?: AttachedDetection,
): DataTable | undefined {
  const columns: DataColumn[] = []
  const row: unknown[] = []
  const add = (name: string, type: DataColumnType, cell: unknown): void => {
    columns.push({ name, type })
    row.push(cell)
  }

  if (attached !== undefined) {
    add('Detection Summary', 'string', ' ')
    add('Impacted Devices', 'integer', attached.summary.impactedDevices)
    add('Indicator Values', 'integer', attached.summary.indicatorValues)
  }

  const eventType = event.event_type
  const eventColumns = typeof eventType === 'string' ? EVENT_COLUMNS.get(eventType) : undefined
  if (eventColumns !== undefined) {
    add('Event Summary', 'string', ' ')
    for (const { field, type, cell } of eventColumns) {
      const value = fieldOf(event, field)
      const present = value !== undefined
      add(`• ${field}`, type, !present ? null : cell ? cell(value) : value)
    }
  }

  return columns.length === 0 ? undefined : { columns, rows: [row] }
}
