/**
 * `gti-detection-overview` (metric_group): active, high severity active,
 * devices with active detections, new in the period.
 * @module
 */
import { ruleOf } from './detection-set.ts'
import { newInPeriod, type TileInput } from './tile-input.ts'
import { createdBetweenUrl, detectionsListUrl } from './tile-links.ts'

/** One metric of a metric_group tile. */
export interface Metric {
  icon: string
  label: string
  value: number
  value_unit: 'integer'
  link_uri: string
}

/** The overview's data. */
export function overviewTile(input: TileInput): { data: Metric[] } {
  const active = input.active
  const activeDetections = (active?.detections ?? []).filter((detection) => detection.active)
  const high =
    active === undefined
      ? []
      : activeDetections.filter((detection) => ruleOf(active, detection).severity === 'high')
  const devices = new Set(
    activeDetections.flatMap((detection) =>
      detection.deviceIp === undefined ? [] : [detection.deviceIp],
    ),
  )
  const metric = (icon: string, label: string, value: number, link_uri: string): Metric => ({
    icon,
    label,
    value,
    value_unit: 'integer',
    link_uri,
  })
  const { portalUrl, window } = input
  return {
    data: [
      metric(
        'warning',
        'Active detections',
        activeDetections.length,
        detectionsListUrl(portalUrl, { status: 'active' }),
      ),
      metric(
        'critical-stop',
        'High severity active',
        high.length,
        detectionsListUrl(portalUrl, { status: 'active', rule_severity: 'high' }),
      ),
      metric(
        'device-type',
        'Devices with active detections',
        devices.size,
        detectionsListUrl(portalUrl, { status: 'active', sort_by: 'device_ip' }),
      ),
      metric(
        'information',
        'New in period',
        newInPeriod(input).length,
        createdBetweenUrl(portalUrl, window.startMs, window.endMs),
      ),
    ],
  }
}
