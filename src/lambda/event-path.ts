/**
 * HTTP API events on a named stage carry the stage in `rawPath` (`/prod/version`); the relay's
 * routes are mounted at the root, so the stage is taken off before routing.
 * @module
 */
import { mountPathOfEvent } from './event-audience.ts'
import { isPayloadV2, type LambdaHttpEvent } from './lambda-event.ts'

/** The event with its payload 2.0 `rawPath` relative to the mount path; other events unchanged. */
export function routableEvent(event: LambdaHttpEvent): LambdaHttpEvent {
  if (!isPayloadV2(event) || event.rawPath === undefined) return event
  const mount = mountPathOfEvent(event)
  if (mount === '' || !event.rawPath.startsWith(mount)) return event
  return { ...event, rawPath: event.rawPath.slice(mount.length) || '/' }
}
