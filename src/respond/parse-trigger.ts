/**
 * The `/respond/trigger` body (respond.md): checked in full before anything
 * is asked of ThreatINSIGHT.
 * @module
 */
import { RelayError } from '../errors/relay-error.ts'
import { type Observable, type ObservableType, SUPPORTED_TYPES } from '../observables/observable.ts'
import { invalidValueReason } from '../observables/parse-observables.ts'
import { quoteValue } from '../observables/quote-value.ts'
import { findAction, RESOLVE_ACTIONS, type ResolveAction } from './actions.ts'

/** A trigger that may run: a known action on a valid, supported observable. */
export interface TriggerInput {
  action: ResolveAction
  observable: Observable
}

const FIELDS = ['action-id', 'observable_type', 'observable_value'] as const

/**
 * The action and observable of a trigger body; other keys are ignored.
 * @throws RelayError (`invalid argument`) naming the problem.
 */
export function parseTrigger(body: unknown): TriggerInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RelayError(
      'invalid argument',
      'Invalid JSON payload received: expected an object with "action-id", "observable_type" and "observable_value".',
    )
  }
  const record = body as Record<string, unknown>
  for (const field of FIELDS) {
    const value = record[field]
    if (typeof value !== 'string' || value.trim() === '') {
      throw new RelayError(
        'invalid argument',
        `Invalid JSON payload received: "${field}" must be a non-empty string.`,
      )
    }
  }
  const actionId = record['action-id'] as string
  const type = record.observable_type as string
  const value = record.observable_value as string
  const action = findAction(actionId)
  if (action === undefined) {
    throw new RelayError(
      'invalid argument',
      `Unsupported action ${quoteValue(actionId)}: this module offers ${RESOLVE_ACTIONS.map((a) => a.id).join(', ')}.`,
    )
  }
  if (!(SUPPORTED_TYPES as readonly string[]).includes(type)) {
    throw new RelayError(
      'invalid argument',
      `Unsupported observable type ${quoteValue(type)}: use one of ${SUPPORTED_TYPES.join(', ')}.`,
    )
  }
  const reason = invalidValueReason(type as ObservableType, value)
  if (reason !== undefined) {
    throw new RelayError('invalid argument', `Invalid ${type} ${quoteValue(value)}: ${reason}.`)
  }
  return { action, observable: { type: type as ObservableType, value } }
}
