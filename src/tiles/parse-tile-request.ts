/**
 * Validation of `/tiles/tile` and `/tiles/tile-data` payloads.
 * @module
 */
import { RelayError } from '../errors/relay-error.ts'
import { isPeriod, type Period } from './periods.ts'
import { findTile, TILE_IDS, type TileDefinition } from './tile-definitions.ts'

const shown = (value: string): string =>
  JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value)

function requiredText(body: unknown, field: string): string {
  const value =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)[field]
      : undefined
  if (value === undefined || value === null) {
    throw new RelayError('invalid argument', `Invalid payload: "${field}" is missing.`)
  }
  if (typeof value !== 'string') {
    throw new RelayError('invalid argument', `Invalid payload: "${field}" must be a string.`)
  }
  if (value.trim() === '') {
    throw new RelayError('invalid argument', `Invalid payload: "${field}" must not be blank.`)
  }
  return value
}

/** The tile a `{tile_id}` payload names. */
export function parseTileId(body: unknown): TileDefinition {
  const id = requiredText(body, 'tile_id')
  const tile = findTile(id)
  if (tile === undefined) {
    throw new RelayError(
      'invalid argument',
      `Invalid payload: unknown tile_id ${shown(id)}; the tiles are ${TILE_IDS.join(', ')}.`,
    )
  }
  return tile
}

/** The tile and period a `{tile_id, period}` payload names. */
export function parseTileDataRequest(body: unknown): { tile: TileDefinition; period: Period } {
  const tile = parseTileId(body)
  const period = requiredText(body, 'period')
  if (!isPeriod(period) || !tile.periods.includes(period)) {
    throw new RelayError(
      'invalid argument',
      `Invalid payload: tile ${tile.id} has no period ${shown(period)}; its periods are ${tile.periods.join(', ')}.`,
    )
  }
  return { tile, period }
}
