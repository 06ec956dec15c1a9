/**
 * `PUT /detections/v1/detections/:uuid/resolve`, the only write of the
 * Detections API the relay uses, with the state it changes, the read-only
 * keys that may not call it, and the admin reset of that state.
 * @module
 */
import type { SimDetection } from './dataset.ts'
import type { DatasetIndex } from './dataset-index.ts'
import { errorBody, SimHttpError } from './http-error.ts'
import { jsonBody } from './request-params.ts'
import type { Route, SimReply } from './router.ts'
import { isoMillis } from './time-format.ts'

/** Resolutions the API accepts. */
export const RESOLUTIONS = [
  'true_positive_mitigated',
  'true_positive_no_action',
  'false_positive',
  'unknown',
] as const

/** An accepted API key that may read but not write (a fault trigger beside `fault-<name>`). */
export const READ_ONLY_API_KEY = 'fault-read-only'

/** The user the simulator records as having resolved a detection. */
export const SIM_RESOLUTION_USER_UUID = '0c8d2f36-5a8e-4bcb-9a11-3e1f6d7b2c40'

/** The 403 a read-only key gets on a write. */
export const READ_ONLY_REPLY: SimReply = {
  status: 403,
  body: errorBody(
    'client.permission_denied',
    'This API token may not change detections: it lacks the permission to resolve them.',
  ),
}

type ResolvedFields = Pick<
  SimDetection,
  | 'status'
  | 'resolution'
  | 'resolution_comment'
  | 'resolution_timestamp'
  | 'resolution_user_uuid'
  | 'updated'
>

/** The fields of detections changed since start (or the last reset), so a reset can restore them. */
export interface ResolveState {
  /** Puts every resolved detection back as it was; answers how many were restored. */
  reset(): number
}

function snapshot(detection: SimDetection): ResolvedFields {
  return {
    status: detection.status,
    resolution: detection.resolution,
    resolution_comment: detection.resolution_comment,
    resolution_timestamp: detection.resolution_timestamp,
    resolution_user_uuid: detection.resolution_user_uuid,
    updated: detection.updated,
  }
}

/** The resolve route and `POST /_sim/dataset/reset`, over the records of `index`. */
export function resolveRoutes(
  index: DatasetIndex,
  now: () => number = Date.now,
): { routes: Route[]; state: ResolveState } {
  const originals = new Map<string, ResolvedFields>()
  const state: ResolveState = {
    reset() {
      for (const [uuid, fields] of originals) {
        const detection = index.detectionsByUuid.get(uuid)
        if (detection !== undefined) Object.assign(detection, fields)
      }
      const restored = originals.size
      originals.clear()
      return restored
    },
  }
  const resolve: Route = {
    name: 'detection-resolve',
    method: 'PUT',
    pattern: '/detections/v1/detections/:uuid/resolve',
    kind: 'api',
    handle: ({ params, bodyText }) => {
      const body = jsonBody(bodyText)
      const record =
        body !== null && typeof body === 'object' && !Array.isArray(body)
          ? (body as Record<string, unknown>)
          : {}
      const resolution = record.resolution
      if (
        typeof resolution !== 'string' ||
        !(RESOLUTIONS as readonly string[]).includes(resolution)
      ) {
        throw new SimHttpError(
          400,
          'client.invalid_parameter',
          `resolution must be one of ${RESOLUTIONS.join(', ')}.`,
        )
      }
      const comment = record.resolution_comment
      if (comment !== undefined && comment !== null && typeof comment !== 'string') {
        throw new SimHttpError(
          400,
          'client.invalid_parameter',
          'resolution_comment must be a string.',
        )
      }
      const detection = index.detectionsByUuid.get(params.uuid ?? '')
      if (detection === undefined) {
        throw new SimHttpError(404, 'client.not_found', 'Detection not found.')
      }
      // Resolving a resolved detection changes nothing.
      if (detection.status === 'resolved') return { status: 204, body: undefined }
      if (!originals.has(detection.uuid)) originals.set(detection.uuid, snapshot(detection))
      const at = isoMillis(now())
      Object.assign(detection, {
        status: 'resolved',
        resolution,
        resolution_comment: typeof comment === 'string' ? comment : null,
        resolution_timestamp: at,
        resolution_user_uuid: SIM_RESOLUTION_USER_UUID,
        updated: at,
      } satisfies ResolvedFields)
      return { status: 204, body: undefined }
    },
  }
  const reset: Route = {
    name: 'sim-dataset-reset',
    method: 'POST',
    pattern: '/_sim/dataset/reset',
    kind: 'admin',
    handle: () => ({ status: 200, body: { restored: state.reset() } }),
  }
  return { routes: [resolve, reset], state }
}
