/**
 * CTIM mapping: pure functions from observe findings to sightings, indicators,
 * relationships and the answer bundle.
 * @module
 */
export { attackReferences, attackUrl } from './attack-references.ts'
export { buildBundle } from './bundle.ts'
export {
  type BundleExtras,
  bundleJson,
  type MappedObservableJson,
  partJson,
} from './bundle-json.ts'
export { SCHEMA_VERSION, SOURCE } from './constants.ts'
export { buildDataTable } from './data-table.ts'
export { indicatorId, mapIndicator } from './indicator.ts'
export { mapFindings } from './map-findings.ts'
export { eventSearchUrl, ruleUrl } from './portal-links.ts'
export { rebuildUrl } from './rebuild-url.ts'
export { buildRelations } from './relations.ts'
export { mapRelationship } from './relationship.ts'
export { mapConfidence, mapSeverity } from './severity.ts'
export { mapSighting } from './sighting.ts'
export { buildTargets } from './targets.ts'
export type {
  Confidence,
  CtimObservable,
  DataColumn,
  DataColumnType,
  DataTable,
  DocList,
  ExternalReference,
  Indicator,
  MappedObservable,
  MappingContext,
  ObserveData,
  ObservedRelation,
  ObservedTime,
  Relationship,
  Severity,
  Sighting,
  Target,
  ValidTime,
} from './types.ts'
export { encodePathSegment, formEncode } from './url-encoding.ts'
