/**
 * What the tiles need from ThreatINSIGHT: one paged detections listing.
 * @module
 */
import type { CallContext, GtiClient } from '../gti/index.ts'

export type { DetectionsListQuery } from '../gti/index.ts'

/** Per-call credentials and limits. */
export type TilesCall = CallContext

/** The ThreatINSIGHT call the tiles make. */
export type TilesUpstream = Pick<GtiClient, 'listDetections'>
