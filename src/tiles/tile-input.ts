/**
 * What every tile builder gets: the period, its window, the counted
 * detections and where the portal is.
 * @module
 */
import type { DetectionSet, TileDetection } from './detection-set.ts'
import type { Period, Window } from './periods.ts'

/** Inputs of a tile builder. */
export interface TileInput {
  period: Period
  /** `[now − length, now)` where now is when the detections were read. */
  window: Window
  /** The detections created (or shared) in the window. */
  created: DetectionSet
  /** The active detections; only the overview reads them. */
  active?: DetectionSet
  portalUrl: string
}

/** The detections of `input.created` whose `created` is in the window: "new in the period". */
export function newInPeriod(input: TileInput): TileDetection[] {
  const { startMs, endMs } = input.window
  return input.created.detections.filter(
    (detection) =>
      detection.createdMs !== undefined &&
      detection.createdMs >= startMs &&
      detection.createdMs < endMs,
  )
}
