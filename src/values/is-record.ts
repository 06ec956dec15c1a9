/**
 * The one "plain JSON object" guard, shared by the schemas, the event walker and the mapping.
 * @module
 */

/** True for a non-null object that is not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
