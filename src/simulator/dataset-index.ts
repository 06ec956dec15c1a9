/**
 * Lookup tables over a dataset, built once per simulator so routes never
 * scan for a uuid.
 * @module
 */
import type { Dataset, DhcpLease, SimDetection, SimEvent, SimRule } from './dataset.ts'

/** A dataset with its lookup tables. */
export interface DatasetIndex {
  dataset: Dataset
  eventsByUuid: Map<string, SimEvent>
  rulesByUuid: Map<string, SimRule>
  detectionsByUuid: Map<string, SimDetection>
  leasesByIp: Map<string, DhcpLease[]>
  /** Detections carrying each indicator value, in dataset order: the relay asks by value on every observe. */
  detectionsByIndicatorValue: Map<string, SimDetection[]>
}

/** Indexes `dataset` (which must not change afterwards). */
export function indexDataset(dataset: Dataset): DatasetIndex {
  const leasesByIp = new Map<string, DhcpLease[]>()
  for (const lease of dataset.leases) {
    const list = leasesByIp.get(lease.ip)
    if (list === undefined) leasesByIp.set(lease.ip, [lease])
    else list.push(lease)
  }
  const detectionsByIndicatorValue = new Map<string, SimDetection[]>()
  for (const detection of dataset.detections) {
    const values = new Set(detection.indicators.flatMap((indicator) => indicator.values))
    for (const value of values) {
      const list = detectionsByIndicatorValue.get(value)
      if (list === undefined) detectionsByIndicatorValue.set(value, [detection])
      else list.push(detection)
    }
  }
  return {
    dataset,
    detectionsByIndicatorValue,
    eventsByUuid: new Map(dataset.events.map((event) => [event.uuid, event])),
    rulesByUuid: new Map(dataset.rules.map((rule) => [rule.uuid, rule])),
    detectionsByUuid: new Map(dataset.detections.map((detection) => [detection.uuid, detection])),
    leasesByIp,
  }
}
