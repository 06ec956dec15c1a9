/**
 * What the observe workflow needs from ThreatINSIGHT: the calls of observe.md
 * steps 1 (paged, as v2 rule 2), 3, 6 and 8 of the client in `gti/`. The workflow never sees URLs or
 * HTTP, only these calls.
 * @module
 */
import type { CallContext, GtiClient } from '../gti/index.ts'

export type { DhcpEntity, EventsQuery, PdnsQuery } from '../gti/index.ts'

/** Per-call credentials and limits. */
export type UpstreamCall = CallContext

/**
 * The ThreatINSIGHT calls observe makes; `hasEvents` is false where the region
 * has no Events API. The Entity API v1 calls (v2 rule 7) are optional: without
 * them observe answers without the enrichments.
 */
export type ObserveUpstream = Pick<
  GtiClient,
  'hasEvents' | 'detectionsPage' | 'detectionEvents' | 'queryEvents' | 'dhcp'
> &
  Partial<Pick<GtiClient, 'entityPdns' | 'entityFile'>>
