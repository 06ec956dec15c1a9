/**
 * The dashboard tiles: `POST /tiles` (their definitions), `/tiles/tile` (one
 * of them) and `/tiles/tile-data` (its data for a period).
 * @module
 */
import { parseTileDataRequest, parseTileId, TILE_DEFINITIONS, tileData } from '../../tiles/index.ts'
import { parseJsonBody } from '../read-body.ts'
import type { AuthedRouteContext } from '../route-context.ts'
import { answer } from './answer.ts'

/** Every tile the module offers. */
export async function tiles(): Promise<unknown> {
  return { data: TILE_DEFINITIONS }
}

/** The definition of the tile the body names. */
export async function tile({ request }: AuthedRouteContext): Promise<unknown> {
  return { data: parseTileId(parseJsonBody(request.body)) }
}

/** The data of one tile for one period. */
export async function tileDataOf(ctx: AuthedRouteContext): Promise<unknown> {
  const { tile, period } = parseTileDataRequest(parseJsonBody(ctx.request.body))
  const { apiKey, allowTestAccounts } = ctx.claims
  const result = await tileData({ tile, period, apiKey, allowTestAccounts }, ctx.services.tiles)
  return answer(ctx, result.data, result.errors)
}
