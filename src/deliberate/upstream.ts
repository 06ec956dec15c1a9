/**
 * What deliberate needs from ThreatINSIGHT: the paged detections lookup only.
 * @module
 */
export type {
  DetectionsCall as UpstreamCall,
  DetectionsUpstream as DeliberateUpstream,
} from '../detections/upstream.ts'
