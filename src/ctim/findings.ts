/**
 * What the observe workflow hands to the CTIM mapping: per observable, the
 * kept events in answer order, each with the detection it is attached to.
 * @module
 */
import type {
  Detection,
  DhcpRecord,
  FileEntity,
  GtiEvent,
  PdnsRecord,
  Rule,
} from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'

/** Step 4 of observe.md: the per-(rule, account) summary counts. */
export interface DetectionSummary {
  impactedDevices: number
  indicatorValues: number
}

/** A detection an event is attached to, with its joined rule and summary. */
export interface AttachedDetection {
  detection: Detection
  rule: Rule
  summary: DetectionSummary
}

/** An event kept after step 7; `attached` is set when it came through a detection. */
export interface KeptEvent {
  event: GtiEvent
  attached?: AttachedDetection
}

/** DHCP records grouped by ip (step 8). */
export type DhcpByIp = ReadonlyMap<string, readonly DhcpRecord[]>

/**
 * Entity API v1 enrichments kept for one observable (observe v2 rule 7), in
 * answer order: passive DNS records newest first, then the file. Their times
 * are already checked.
 */
export interface EntityFindings {
  pdns: readonly PdnsRecord[]
  file?: FileEntity | undefined
}

/** Everything the CTIM mapping needs for one observable. */
export interface ObservableFindings {
  observable: Observable
  events: readonly KeptEvent[]
  dhcp: DhcpByIp
  /** Sightings after the event sightings; absent when none were asked for. */
  entities?: EntityFindings | undefined
}
