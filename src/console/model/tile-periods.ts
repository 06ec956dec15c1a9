/**
 * The periods the dashboard offers: those the relay's tiles list, so the
 * console never keeps its own copy of the relay's period names.
 * @module
 */
import type { TileDefinition } from './relay-shapes.ts'

/** Every period the listed tiles offer, in the order they list them, and the one to preselect. */
export function offeredPeriods(definitions: readonly TileDefinition[]): {
  periods: string[]
  preferred: string | undefined
} {
  const periods = [...new Set(definitions.flatMap((tile) => tile.periods ?? []))]
  const preferred = definitions
    .map((tile) => tile.default_period)
    .find((period) => period !== undefined && periods.includes(period))
  return { periods, preferred }
}
