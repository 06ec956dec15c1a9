/**
 * The sighting of a file the Entity API knows (observe v2 rule 7): when and
 * on how many internal devices ThreatINSIGHT saw it, its other hashes, names,
 * size, types and PE header facts.
 * @module
 */
import { iqlString } from '../gti/iql.ts'
import type { FileEntity } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { SOURCE } from './constants.ts'
import { entityObservedTime } from './entity-time.ts'
import { escapeMarkdown } from './markdown.ts'
import { searchUrl } from './portal-links.ts'
import { newSighting } from './sighting-core.ts'
import type {
  DataColumn,
  DataTable,
  ExternalReference,
  MappingContext,
  ObservedRelation,
  Sighting,
} from './types.ts'

const FILE_REFERENCE = 'A portal search for the events that carried this file.'
const HASHES = ['md5', 'sha1', 'sha256'] as const

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined

function texts(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list.filter((item): item is string => text(item) !== undefined)
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

/** The data table: only the columns the entity has values for; undefined when none. */
export function fileDataTable(file: FileEntity): DataTable | undefined {
  const columns: DataColumn[] = []
  const row: unknown[] = []
  const add = (name: string, type: DataColumn['type'], value: unknown) => {
    if (value === undefined) return
    columns.push({ name, type })
    row.push(value)
  }
  const names = texts(file.names)
  add('File Names', 'string', names.length > 0 ? names.join(', ') : undefined)
  add('Size (bytes)', 'integer', count(file.bytes))
  const mimeTypes = texts(file.mime_type)
  add('MIME Types', 'string', mimeTypes.length > 0 ? mimeTypes.join(', ') : undefined)
  add('Internal Prevalence', 'integer', count(file.prevalence_count_internal))
  const pe = record(file.pe)
  const compiled = pe?.pe_compile_timestamp
  add(
    'PE Compile Time',
    'string',
    text(compiled) ?? (count(compiled) === undefined ? undefined : String(compiled)),
  )
  add('PE Subsystem', 'string', text(pe?.pe_subsystem))
  return columns.length === 0 ? undefined : { columns, rows: [row] }
}

/**
 * Maps a file entity to one sighting of the requested hash, or undefined when
 * the entity is empty or its times are not CTIM times. `count` is the internal
 * prevalence (at least 1).
 */
export function mapFileSighting(
  file: FileEntity,
  observable: Observable,
  ctx: MappingContext,
): Sighting | undefined {
  if (Object.keys(file).length === 0) return undefined
  const observedTime = entityObservedTime(file.first_seen, file.last_seen)
  if (observedTime === undefined) return undefined
  const prevalence = count(file.prevalence_count_internal)
  const reference: ExternalReference = {
    source_name: SOURCE,
    description: FILE_REFERENCE,
    external_id: observable.value,
    url: searchUrl(ctx.portalUrl, `${observable.type} = ${iqlString(observable.value)}`),
  }
  const relations: ObservedRelation[] = []
  for (const hash of HASHES) {
    const value = text(file[hash])
    if (hash === observable.type || value === undefined) continue
    relations.push({
      origin: SOURCE,
      source: { type: observable.type, value: observable.value },
      relation: 'Related_To',
      related: { type: hash, value },
    })
  }
  const names = texts(file.names)
  const seenOn =
    prevalence === undefined
      ? 'ThreatINSIGHT has seen this file on the network.'
      : `ThreatINSIGHT has seen this file on **${prevalence}** internal device(s).`
  const description =
    names.length === 0
      ? seenOn
      : `${seenOn} It was named ${names.map((name) => `**${escapeMarkdown(name)}**`).join(', ')}.`
  const sighting = newSighting(
    {
      observable,
      observedTime,
      references: [reference],
      sourceUri: reference.url,
      description,
      count: Math.max(1, prevalence ?? 1),
    },
    ctx,
  )
  const data = fileDataTable(file)
  if (data !== undefined) sighting.data = data
  if (relations.length > 0) sighting.relations = relations
  return sighting
}
