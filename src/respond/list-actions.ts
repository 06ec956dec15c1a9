/**
 * The actions XDR shows for an observable (respond.md, POST /respond/observables):
 * the three resolve actions when it has active detections, none otherwise.
 * @module
 */
import type { KeptDetection } from '../detections/keep-detections.ts'
import type { Observable } from '../observables/observable.ts'
import { RESOLVE_ACTIONS } from './actions.ts'

/** A response action as XDR reads it. */
export interface RespondAction {
  id: string
  title: string
  description: string
  categories: string[]
  'query-params': { observable_type: string; observable_value: string }
}

/** The categories XDR groups the actions under. */
export const ACTION_CATEGORIES = ['Gigamon ThreatINSIGHT', 'Resolve detections'] as const

const MAX_NAMED_RULES = 3

function ruleNames(kept: readonly KeptDetection[]): string {
  const names = [
    ...new Set(
      kept.map(({ rule }) =>
        typeof rule.name === 'string' && rule.name !== '' ? rule.name : rule.uuid,
      ),
    ),
  ]
  const shown = names
    .slice(0, MAX_NAMED_RULES)
    .map((name) => (name.length > 200 ? `${name.slice(0, 199)}…` : name))
  const more = names.length - shown.length
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ')
}

/** The three actions for an observable with `kept` active detections; none when there are none. */
export function listActions(
  observable: Observable,
  kept: readonly KeptDetection[],
): RespondAction[] {
  const n = kept.length
  if (n === 0) return []
  const named = `${observable.type} ${observable.value}`
  const rules = ruleNames(kept)
  return RESOLVE_ACTIONS.map((action) => ({
    id: action.id,
    title: `Resolve ${n} detection(s): ${action.words}`,
    description:
      `Marks the ${n} active, unmuted ThreatINSIGHT detection(s) of ${named} (rule(s): ${rules}) ` +
      `as resolved, ${action.words}, with a comment saying it was done from Cisco XDR. ` +
      'The detections are looked up again when the action runs, so what is resolved is what is active then.',
    categories: [...ACTION_CATEGORIES],
    'query-params': { observable_type: observable.type, observable_value: observable.value },
  }))
}
