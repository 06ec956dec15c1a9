/**
 * What the detections lookup needs from ThreatINSIGHT: one page of an
 * observable's active detections.
 * @module
 */
import type { CallContext, GtiClient } from '../gti/index.ts'

/** Per-call credentials and limits. */
export type DetectionsCall = CallContext

/** The paged detections call of the client in `gti/`. */
export type DetectionsUpstream = Pick<GtiClient, 'detectionsPage'>
