/**
 * What the observe workflow needs from ThreatINSIGHT. The client in `gti/`
 * implements it; the workflow never knows URLs or HTTP.
 * @module
 */
import type {
  DetectionEventsAnswer,
  DetectionsAnswer,
  DhcpAnswer,
  EventsQueryAnswer,
} from '../gti/schemas.ts'
import type { DhcpEntity } from './dhcp-targets.ts'

/** Per-call credentials and limits. */
export interface UpstreamCall {
  apiKey: string
  signal?: AbortSignal
  /** Epoch ms after which nothing may wait. */
  deadlineMs?: number
}

/** The recent-events query of step 6. */
export interface EventsQuery {
  query: string
  startDate: string
  endDate: string
  limit: number
}

/** The ThreatINSIGHT calls of observe.md steps 1, 3, 6 and 8. */
export interface ObserveUpstream {
  /** False where the region has no Events API: step 6 is skipped. */
  readonly hasEvents: boolean
  detections(call: UpstreamCall, value: string): Promise<DetectionsAnswer>
  detectionEvents(call: UpstreamCall, detectionUuid: string): Promise<DetectionEventsAnswer>
  queryEvents(call: UpstreamCall, query: EventsQuery): Promise<EventsQueryAnswer>
  dhcp(call: UpstreamCall, entities: readonly DhcpEntity[]): Promise<DhcpAnswer>
}
