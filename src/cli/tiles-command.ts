/**
 * `gti-relay tiles` and `gti-relay tile ID [--period P]`: the dashboard
 * tiles of a relay, listed or one of them printed as a table.
 * @module
 */
import { DEFAULT_PERIOD, findTile, PERIODS, TILE_IDS } from '../tiles/index.ts'
import { callRelay, type RelayAnswer, type RelayPath } from './call-relay.ts'
import type { CliContext } from './cli-context.ts'
import { UsageError } from './cli-errors.ts'
import { DEFAULT_RELAY_URL, DEFAULT_SIMULATOR_URL, DEFAULT_TOKEN_TTL_SECONDS } from './defaults.ts'
import { hasFatalError } from './format-errors.ts'
import { formatTileData, formatTileList } from './format-tiles.ts'
import { startLocalStack } from './local-stack.ts'
import { mintTokenFromSimulator, tokenClaims } from './mint-token.ts'
import { parseFlags, urlFlag } from './parse-flags.ts'
import { createStyle } from './text-layout.ts'

const FLAGS_HELP = `Options:
  --relay <url>       relay to call (default ${DEFAULT_RELAY_URL})
  --token <jwt>       configuration token (default: env GTI_RELAY_TOKEN,
                      else one minted by the simulator)
  --simulator <url>   simulator that mints the token (default ${DEFAULT_SIMULATOR_URL})
  --local             start a simulator and a relay in this process instead
  --json              print the relay's raw JSON answer
  -h, --help          show this help

Exit codes: 0 answered, 1 fatal error, 2 usage error.`

/** Help of `tiles`. */
export const TILES_HELP = `Usage: gti-relay tiles [options]

List the dashboard tiles a relay serves (POST /tiles): id, type and title.

${FLAGS_HELP}`

/** Help of `tile`. */
export const TILE_HELP = `Usage: gti-relay tile ID [--period PERIOD] [options]

Print the data of one dashboard tile (POST /tiles/tile-data) as a table.
ID is one of:
  ${TILE_IDS.join('\n  ')}
PERIOD is one of ${PERIODS.join(', ')} (default ${DEFAULT_PERIOD}).

  --period <p>        the period (default ${DEFAULT_PERIOD})
${FLAGS_HELP}

Examples:
  gti-relay tile gti-detection-overview
  gti-relay tile gti-detections-over-time --period last_24_hours --local`

const OPTIONS = {
  relay: { type: 'string' },
  token: { type: 'string' },
  simulator: { type: 'string' },
  local: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

interface RelayFlags {
  relay?: string | undefined
  token?: string | undefined
  simulator?: string | undefined
  local?: boolean | undefined
}

async function askRelay(
  flags: RelayFlags,
  path: RelayPath,
  body: Record<string, unknown> | undefined,
  ctx: CliContext,
): Promise<RelayAnswer> {
  if (flags.local) {
    for (const flag of ['relay', 'token', 'simulator'] as const) {
      if (flags[flag] !== undefined) throw new UsageError(`--local cannot be used with --${flag}`)
    }
    const stack = await startLocalStack({ logStream: { write: (line) => ctx.err(line) } })
    try {
      return await callRelay(stack.relay.url, path, body, await stack.token())
    } finally {
      await stack.close()
    }
  }
  const relayUrl = urlFlag('relay', flags.relay ?? DEFAULT_RELAY_URL)
  const simulatorUrl = urlFlag('simulator', flags.simulator ?? DEFAULT_SIMULATOR_URL)
  const envToken = ctx.env.GTI_RELAY_TOKEN?.trim()
  const token =
    flags.token ??
    (envToken === undefined || envToken === ''
      ? await mintTokenFromSimulator(
          simulatorUrl,
          tokenClaims(
            { aud: relayUrl, ttlSeconds: DEFAULT_TOKEN_TTL_SECONDS },
            Math.floor(Date.now() / 1000),
          ),
        )
      : envToken)
  return callRelay(relayUrl, path, body, token)
}

function print(answer: RelayAnswer, json: boolean, lines: () => string[], ctx: CliContext): number {
  if (json) {
    ctx.out(`${JSON.stringify(answer.body, null, 2)}\n`)
  } else {
    const out = lines()
    if (answer.status !== 200) {
      out.unshift(createStyle(ctx.color).bad(`The relay answered HTTP ${answer.status}.`))
    }
    ctx.out(`${out.join('\n')}\n`)
  }
  return answer.status === 200 && !hasFatalError(answer.body) ? 0 : 1
}

/** Run `tiles`. */
export async function tilesCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags({ args, options: OPTIONS })
  if (values.help) {
    ctx.out(`${TILES_HELP}\n`)
    return 0
  }
  const answer = await askRelay(values, '/tiles', undefined, ctx)
  return print(answer, values.json, () => formatTileList(answer.body, createStyle(ctx.color)), ctx)
}

/** Run `tile`. */
export async function tileCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseFlags({
    args,
    allowPositionals: true,
    options: { ...OPTIONS, period: { type: 'string' } },
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
  return print(
    answer,
    values.json,
    () => formatTileData(answer.body, tile, createStyle(ctx.color)),
    ctx,
  )
}
