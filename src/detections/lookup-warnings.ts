/**
 * The warnings of an observable's detections lookup, worded once for
 * observe, deliberate and respond.
 * @module
 */
import { RelayError } from '../errors/relay-error.ts'
import type { Detection } from '../gti/schemas.ts'
import type { Observable } from '../observables/observable.ts'
import { quoteValue } from '../observables/quote-value.ts'

/** `ip "10.0.0.1"`: an observable as messages name it. */
export function observableLabel(observable: Observable): string {
  return `${observable.type} ${quoteValue(observable.value)}`
}

/** The cap `GTI_DELIBERATE_MAX_DETECTIONS` hid some of the observable's detections. */
export function capWarning(observable: Observable, hidden: number, max: number): RelayError {
  return new RelayError(
    'limit reached',
    `${observableLabel(observable)}: ThreatINSIGHT has ${hidden} more active detection(s) than the ${max} read (GTI_DELIBERATE_MAX_DETECTIONS); they were not considered.`,
  )
}

/** A detection whose rule the answer did not carry was skipped. */
export function missingRuleWarning(observable: Observable, detection: Detection): RelayError {
  return new RelayError(
    'unexpected response',
    `ThreatINSIGHT returned detection ${detection.uuid} for ${observableLabel(observable)} without its rule ${detection.rule_uuid}; the detection was skipped.`,
  )
}

/** An upstream failure restated so it names the observable and what was being done. */
export function lookupFailure(observable: Observable, what: string, error: unknown): RelayError {
  if (error instanceof RelayError) {
    // An authentication failure concerns the key, not the observable: keep the message XDR knows.
    if (error.code === 'authorization error') return error
    return new RelayError(
      error.code,
      `ThreatINSIGHT ${what} for ${observableLabel(observable)} failed: ${error.message}`,
      { cause: error },
    )
  }
  return new RelayError(
    'internal error',
    `ThreatINSIGHT ${what} for ${observableLabel(observable)} failed unexpectedly.`,
    { cause: error },
  )
}
