/**
 * The three response actions (respond.md): resolving an observable's active
 * detections as a true positive (mitigated or no action) or a false positive.
 * @module
 */
import type { ResolveDetection } from '../gti/index.ts'

/** One response action of the table. */
export interface ResolveAction {
  id: string
  /** What the analyst chose, in the words of the title and the resolution comment. */
  words: string
  /** The `resolution` sent to ThreatINSIGHT. */
  resolution: ResolveDetection['resolution']
}

/** The actions, in the order XDR lists them. */
export const RESOLVE_ACTIONS: readonly ResolveAction[] = [
  {
    id: 'gti-resolve-true-positive-mitigated',
    words: 'true positive, mitigated',
    resolution: 'true_positive_mitigated',
  },
  {
    id: 'gti-resolve-true-positive-no-action',
    words: 'true positive, no action',
    resolution: 'true_positive_no_action',
  },
  {
    id: 'gti-resolve-false-positive',
    words: 'false positive',
    resolution: 'false_positive',
  },
]

/** The action with this id, or `undefined`. */
export function findAction(id: string): ResolveAction | undefined {
  return RESOLVE_ACTIONS.find((action) => action.id === id)
}

/** The `resolution_comment` written to ThreatINSIGHT with each resolve. */
export function resolutionComment(action: ResolveAction, version: string): string {
  return `Resolved from Cisco XDR as ${action.words} (gti-relay ${version}).`
}
