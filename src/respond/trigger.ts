/**
 * `POST /respond/trigger`: resolve the observable's detections that are active
 * now, at most `concurrency` at a time, and say what became of each.
 * @module
 */
import { createHash } from 'node:crypto'
import pLimit from 'p-limit'
import { lookupActiveDetections } from '../detections/active-detections.ts'
import { keepDetections } from '../detections/keep-detections.ts'
import { lookupFailure, observableLabel } from '../detections/lookup-warnings.ts'
import { RelayError } from '../errors/relay-error.ts'
import { isGtiError } from '../gti/index.ts'
import type { Observable } from '../observables/observable.ts'
import { resolutionComment } from './actions.ts'
import { parseTrigger } from './parse-trigger.ts'
import type { RespondDeps } from './respond-observables.ts'

/** Inputs of one trigger, after authentication. */
export interface TriggerRequest {
  /** The JSON body, checked here; a function so that a body that is not JSON is a failure too. */
  body: () => unknown
  apiKey: string
  allowTestAccounts: boolean
  enabled: boolean
}

/** The audit record of one trigger: never the key, the token or the value itself. */
export interface TriggerAudit {
  actionId?: string
  observableType?: string
  /** `sha256:` and the first 16 hex digits of the SHA-256 of the value. */
  valueHash?: string
  /** Active detections found when the action ran. */
  found: number
  resolved: number
  failed: number
  status: 'success' | 'failure'
}

/** The answer and its audit record. */
export interface TriggerResult {
  status: 'success' | 'failure'
  errors: RelayError[]
  audit: TriggerAudit
  /** The observable whose detections were resolved, when at least one was (cached answers of it are stale). */
  changed?: Observable
}

/** How the value appears in the audit log: enough to match two lines, not to read the value. */
export function auditHash(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 16)}`
}

const DISABLED_MESSAGE =
  'Response actions are disabled for this module instance. An administrator can turn them on ' +
  'with the module setting "Allow resolving detections" (token claim GTI_ENABLE_RESPONSE_ACTIONS); ' +
  'the ThreatINSIGHT API key then needs the permission to resolve detections.'

/** Why one detection was not resolved. */
function resolveFailure(detectionUuid: string, error: unknown): RelayError {
  const what = `Detection ${detectionUuid} was not resolved`
  if (isGtiError(error)) {
    if (error.status === 403) {
      return new RelayError(
        'permission denied',
        `${what}: the ThreatINSIGHT API key lacks the permission to resolve detections (403 Forbidden).`,
        { cause: error },
      )
    }
    if (error.status === 404) {
      return new RelayError('not found', `${what}: ThreatINSIGHT no longer knows it (404).`, {
        cause: error,
      })
    }
    return new RelayError(error.code, `${what}: ${error.message}`, { cause: error })
  }
  return new RelayError('internal error', `${what}: the call failed unexpectedly.`, {
    cause: error,
  })
}

/** Run a trigger: validation, a fresh lookup, the resolves, the outcome and its audit record. */
export async function triggerAction(
  request: TriggerRequest,
  deps: RespondDeps & { version: string },
  signal?: AbortSignal,
): Promise<TriggerResult> {
  const audit: TriggerAudit = { found: 0, resolved: 0, failed: 0, status: 'failure' }
  if (!request.enabled) {
    return {
      status: 'failure',
      errors: [new RelayError('response actions disabled', DISABLED_MESSAGE)],
      audit,
    }
  }
  let input: ReturnType<typeof parseTrigger>
  try {
    input = parseTrigger(request.body())
  } catch (error) {
    // Refused before any upstream call; the answer still carries the status XDR reads.
    if (error instanceof RelayError) return { status: 'failure', errors: [error], audit }
    throw error
  }
  const { action, observable } = input
  audit.actionId = action.id
  audit.observableType = observable.type
  audit.valueHash = auditHash(observable.value)

  const abort = new AbortController()
  const onOuterAbort = () => abort.abort(signal?.reason)
  signal?.addEventListener('abort', onOuterAbort, { once: true })
  const timer = setTimeout(() => abort.abort(new Error('trigger deadline reached')), deps.timeoutMs)
  const call = {
    apiKey: request.apiKey,
    signal: abort.signal,
    deadlineMs: deps.now() + deps.timeoutMs,
  }
  try {
    let kept: ReturnType<typeof keepDetections>['kept']
    try {
      const found = await lookupActiveDetections(
        deps.upstream,
        call,
        observable,
        deps.maxDetections,
      )
      kept = keepDetections(found, request.allowTestAccounts).kept
    } catch (error) {
      return {
        status: 'failure',
        errors: [lookupFailure(observable, 'detections search', error)],
        audit,
      }
    }
    audit.found = kept.length
    const limit = pLimit(deps.concurrency)
    const comment = resolutionComment(action, deps.version)
    const failures = (
      await Promise.all(
        kept.map(({ detection }) =>
          limit(async () => {
            try {
              await deps.upstream.resolveDetection(call, {
                detectionUuid: detection.uuid,
                resolution: action.resolution,
                comment,
              })
              return undefined
            } catch (error) {
              return resolveFailure(detection.uuid, error)
            }
          }),
        ),
      )
    ).filter((failure) => failure !== undefined)
    audit.failed = failures.length
    audit.resolved = kept.length - failures.length
    if (failures.length === 0) {
      // Nothing active any more is success too: the analyst's intent already holds.
      audit.status = 'success'
      return {
        status: 'success',
        errors: [],
        audit,
        ...(kept.length > 0 ? { changed: observable } : {}),
      }
    }
    const first = failures[0] as RelayError
    const summary = new RelayError(
      first.code,
      `Resolved ${audit.resolved} of ${kept.length} active detection(s) of ${observableLabel(observable)} as ${action.words}; ${failures.length} could not be resolved.`,
    )
    return {
      status: 'failure',
      errors: [summary, ...failures],
      audit,
      ...(audit.resolved > 0 ? { changed: observable } : {}),
    }
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onOuterAbort)
  }
}
