/**
 * The `data` of an observe answer from the entities of every observable.
 * @module
 */
import type { DocList, Indicator, MappedObservable, ObserveData } from './types.ts'

const docList = <T>(docs: T[]): DocList<T> => ({ count: docs.length, docs })

/**
 * Concatenates the observables' entities in request order, keeps each indicator id
 * once (at its first position) and leaves out the keys without docs: `{}` when
 * nothing was found.
 */
export function buildBundle(parts: readonly MappedObservable[]): ObserveData {
  const sightings = parts.flatMap((part) => part.sightings)
  const relationships = parts.flatMap((part) => part.relationships)
  const indicators = new Map<string, Indicator>()
  for (const indicator of parts.flatMap((part) => part.indicators)) {
    if (!indicators.has(indicator.id)) indicators.set(indicator.id, indicator)
  }

  const data: ObserveData = {}
  if (sightings.length > 0) data.sightings = docList(sightings)
  if (indicators.size > 0) data.indicators = docList([...indicators.values()])
  if (relationships.length > 0) data.relationships = docList(relationships)
  return data
}
