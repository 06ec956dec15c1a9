/**
 * The observe `data` as JSON bytes, assembled from parts serialised once: a
 * cached part is copied into each answer that uses it without being
 * serialised or encoded again. `bundleJson(parts.map(partJson))` holds
 * exactly the UTF-8 of `JSON.stringify(buildBundle(parts))`.
 * @module
 */
import { docJson } from './doc-json.ts'
import type { MappedObservable } from './types.ts'

/** One observable's entities, serialised: docs as comma-joined JSON, indicators kept apart to dedupe by id. */
export interface MappedObservableJson {
  sightings: string
  sightingCount: number
  indicators: { id: string; json: string }[]
  relationships: string
  relationshipCount: number
}

// docJson: a doc the answer budget already sized is not serialised again.
const joined = (docs: readonly object[]) => docs.map(docJson).join(',')

/** Serialise one observable's entities. */
export function partJson(part: MappedObservable): MappedObservableJson {
  return {
    sightings: joined(part.sightings),
    sightingCount: part.sightings.length,
    indicators: part.indicators.map((indicator) => ({
      id: indicator.id,
      json: docJson(indicator),
    })),
    relationships: joined(part.relationships),
    relationshipCount: part.relationships.length,
  }
}

/** A part's JSON as UTF-8, made once per part object: a cached part is encoded only once. */
interface PartBytes {
  sightings: Buffer
  indicators: { id: string; bytes: Buffer }[]
  relationships: Buffer
}

const encoded = new WeakMap<MappedObservableJson, PartBytes>()

function bytesOf(part: MappedObservableJson): PartBytes {
  let bytes = encoded.get(part)
  if (bytes === undefined) {
    bytes = {
      sightings: Buffer.from(part.sightings, 'utf8'),
      indicators: part.indicators.map(({ id, json }) => ({ id, bytes: Buffer.from(json, 'utf8') })),
      relationships: Buffer.from(part.relationships, 'utf8'),
    }
    encoded.set(part, bytes)
  }
  return bytes
}

const COMMA = Buffer.from(',')

/** `"<key>":{"count":<n>,"docs":[<docs joined by commas>]}` as chunks. */
function docList(key: string, count: number, docs: readonly Buffer[], into: Buffer[]): void {
  into.push(Buffer.from(`"${key}":{"count":${count},"docs":[`))
  docs.forEach((doc, i) => {
    if (i > 0) into.push(COMMA)
    into.push(doc)
  })
  into.push(Buffer.from(']}'))
}

/** What an answer adds to its parts' docs: more relationships, and more keys after them. */
export interface BundleExtras {
  /** Serialised relationship docs, after the parts' own. */
  relationships?: readonly string[]
  /** Keys written after `relationships`, each serialised once here (e.g. verdicts, judgements). */
  keys?: Readonly<Record<string, unknown>>
}

/**
 * The observe `data` of parts in request order, as UTF-8 JSON (`{}` when nothing was found).
 * Built by copying bytes: the docs are neither serialised nor encoded again.
 */
export function bundleJson(
  parts: readonly MappedObservableJson[],
  extras: BundleExtras = {},
): Buffer {
  const chunks: Buffer[] = [Buffer.from('{')]
  let keys = 0
  const open = () => {
    if (keys++ > 0) chunks.push(COMMA)
  }
  const all = parts.map(bytesOf)
  const sightingCount = parts.reduce((sum, part) => sum + part.sightingCount, 0)
  if (sightingCount > 0) {
    open()
    const docs = all.flatMap((part, i) =>
      (parts[i]?.sightingCount ?? 0) > 0 ? [part.sightings] : [],
    )
    docList('sightings', sightingCount, docs, chunks)
  }
  const indicators = new Map<string, Buffer>()
  for (const part of all) {
    for (const { id, bytes } of part.indicators) if (!indicators.has(id)) indicators.set(id, bytes)
  }
  if (indicators.size > 0) {
    open()
    docList('indicators', indicators.size, [...indicators.values()], chunks)
  }
  const more = extras.relationships ?? []
  const relationshipCount =
    parts.reduce((sum, part) => sum + part.relationshipCount, 0) + more.length
  if (relationshipCount > 0) {
    open()
    const docs = all.flatMap((part, i) =>
      (parts[i]?.relationshipCount ?? 0) > 0 ? [part.relationships] : [],
    )
    for (const doc of more) docs.push(Buffer.from(doc, 'utf8'))
    docList('relationships', relationshipCount, docs, chunks)
  }
  for (const [key, value] of Object.entries(extras.keys ?? {})) {
    if (value === undefined) continue
    open()
    chunks.push(Buffer.from(`${JSON.stringify(key)}:${JSON.stringify(value)}`, 'utf8'))
  }
  chunks.push(Buffer.from('}'))
  return Buffer.concat(chunks)
}
