/**
 * What the response actions need from ThreatINSIGHT: the shared detections
 * lookup and the resolve call.
 * @module
 */
import type { CallContext, GtiClient } from '../gti/index.ts'

/** Per-call credentials and limits. */
export type UpstreamCall = CallContext

/** The calls of the client in `gti/` that respond makes. */
export type RespondUpstream = Pick<GtiClient, 'detectionsPage' | 'resolveDetection'>
