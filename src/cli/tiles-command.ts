/**
 * `gti-relay tiles` and `gti-relay tile ID [--period P]`: the dashboard
 * tiles of a relay, listed or one of them printed as a table.
 * @module
 */
import { DEFAULT_PERIOD, findTile, PERIODS, TILE_IDS } from '../tiles/index.ts'
import { askRelay, printAnswer, RELAY_FLAG_OPTIONS, RELAY_FLAGS_HELP } from './ask-relay.ts'
import type { CliContext } from './cli-context.ts'
import { UsageError } from './cli-errors.ts'
import { formatTileData, formatTileList } from './format-tiles.ts'
import { parseFlags } from './parse-flags.ts'
import { createStyle } from './text-layout.ts'

/** Help of `tiles`. */
export const TILES_HELP = `Usage: gti-relay tiles [options]

List the dashboard tiles a relay serves (POST /tiles): id, type and title.

${RELAY_FLAGS_HELP}`

/** Help of `tile`. */
export const TILE_HELP = `Usage: gti-relay tile ID [--period PERIOD] [options]

Print the data of one dashboard tile (POST /tiles/tile-data) as a table.
ID is one of:
  ${TILE_IDS.join('\n  ')}
PERIOD is one of ${PERIODS.join(', ')} (default ${DEFAULT_PERIOD}).

  --period <p>        the period (default ${DEFAULT_PERIOD})
${RELAY_FLAGS_HELP}

Examples:
  gti-relay tile gti-detection-overview
  gti-relay tile gti-detections-over-time --period last_24_hours --local`

/** Run `tiles`. */
export async function tilesCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags({ args, options: RELAY_FLAG_OPTIONS })
  if (values.help) {
    ctx.out(`${TILES_HELP}\n`)
    return 0
  }
  const answer = await askRelay(values, '/tiles', undefined, ctx)
  return printAnswer(
    answer,
    values.json,
    () => formatTileList(answer.body, createStyle(ctx.color)),
    ctx,
  )
}

/** Run `tile`. */
export async function tileCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseFlags({
    args,
    allowPositionals: true,
    options: { ...RELAY_FLAG_OPTIONS, period: { type: 'string' } },
  })
  if (values.help) {
    ctx.out(`${TILE_HELP}\n`)
    return 0
  }
  const [id, ...extra] = positionals
  if (id === undefined) throw new UsageError('tile needs a tile id, e.g. `tile gti-top-rules`')
  if (extra.length > 0) throw new UsageError(`tile takes one id, got ${positionals.length}`)
  const tile = findTile(id)
  if (tile === undefined) {
    throw new UsageError(`unknown tile ${JSON.stringify(id)}; use one of ${TILE_IDS.join(', ')}`)
  }
  const period = values.period ?? tile.default_period
  if (!(tile.periods as readonly string[]).includes(period)) {
    throw new UsageError(
      `unknown period ${JSON.stringify(period)}; use one of ${tile.periods.join(', ')}`,
    )
  }
  const answer = await askRelay(values, '/tiles/tile-data', { tile_id: tile.id, period }, ctx)
  return printAnswer(
    answer,
    values.json,
    () => formatTileData(answer.body, tile, createStyle(ctx.color)),
    ctx,
  )
}
