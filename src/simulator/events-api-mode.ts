/**
 * The "Events API gone" mode: FortiNDR Cloud no longer documents the Events
 * API, so a relay must cope with it answering as a missing service. Set at
 * start (`eventsApi`) or at run time through `PUT /_sim/events-api`.
 * @module
 */
import { SimHttpError } from './http-error.ts'

/** `up` serves queries; the others answer every query with that status. */
export const EVENTS_API_MODES = ['up', 'gone-404', 'gone-410', 'gone-501'] as const
/** One of {@link EVENTS_API_MODES}. */
export type EventsApiMode = (typeof EVENTS_API_MODES)[number]

/** The current mode, shared by the events route and the admin route. */
export interface EventsApiSwitch {
  get(): EventsApiMode
  set(mode: EventsApiMode): void
}

/** Whether `value` names a mode. */
export function isEventsApiMode(value: unknown): value is EventsApiMode {
  return typeof value === 'string' && (EVENTS_API_MODES as readonly string[]).includes(value)
}

/** A switch starting at `initial`. */
export function createEventsApiSwitch(initial: EventsApiMode = 'up'): EventsApiSwitch {
  let mode = initial
  return {
    get: () => mode,
    set: (next) => {
      mode = next
    },
  }
}

/** Throws the answer of a gone Events API; does nothing while it is up. */
export function refuseWhenGone(mode: EventsApiMode): void {
  switch (mode) {
    case 'up':
      return
    case 'gone-404':
      throw new SimHttpError(404, 'client.not_found', 'Not Found')
    case 'gone-410':
      throw new SimHttpError(410, 'client.gone', 'This API has been retired.')
    case 'gone-501':
      throw new SimHttpError(501, 'server.not_implemented', 'Not Implemented')
  }
}
