/**
 * The observe `data` as JSON text, assembled from parts serialised once: a
 * cached part is written into each answer that uses it without being
 * serialised again. `bundleJson(parts.map(partJson))` is exactly
 * `JSON.stringify(buildBundle(parts))`.
 * @module
 */
import type { MappedObservable } from './types.ts'

/** One observable's entities, serialised: docs as comma-joined JSON, indicators kept apart to dedupe by id. */
export interface MappedObservableJson {
  sightings: string
  sightingCount: number
  indicators: { id: string; json: string }[]
  relationships: string
  relationshipCount: number
}

const joined = (docs: readonly unknown[]) => docs.map((doc) => JSON.stringify(doc)).join(',')

/** Serialise one observable's entities. */
export function partJson(part: MappedObservable): MappedObservableJson {
  return {
    sightings: joined(part.sightings),
    sightingCount: part.sightings.length,
    indicators: part.indicators.map((indicator) => ({
      id: indicator.id,
      json: JSON.stringify(indicator),
    })),
    relationships: joined(part.relationships),
    relationshipCount: part.relationships.length,
  }
}

const docList = (count: number, docs: string) => `{"count":${count},"docs":[${docs}]}`

/** The observe `data` of parts in request order, as JSON text (`{}` when nothing was found). */
export function bundleJson(parts: readonly MappedObservableJson[]): string {
  const keys: string[] = []
  const sightingCount = parts.reduce((sum, part) => sum + part.sightingCount, 0)
  if (sightingCount > 0) {
    const docs = parts.flatMap((part) => (part.sightingCount > 0 ? [part.sightings] : []))
    keys.push(`"sightings":${docList(sightingCount, docs.join(','))}`)
  }
  const indicators = new Map<string, string>()
  for (const part of parts) {
    for (const { id, json } of part.indicators) if (!indicators.has(id)) indicators.set(id, json)
  }
  if (indicators.size > 0) {
    keys.push(`"indicators":${docList(indicators.size, [...indicators.values()].join(','))}`)
  }
  const relationshipCount = parts.reduce((sum, part) => sum + part.relationshipCount, 0)
  if (relationshipCount > 0) {
    const docs = parts.flatMap((part) => (part.relationshipCount > 0 ? [part.relationships] : []))
    keys.push(`"relationships":${docList(relationshipCount, docs.join(','))}`)
  }
  return `{${keys.join(',')}}`
}
