/**
 * `gti-relay demo`: the simulator and a relay in one process, a sample of
 * observables looked up through the relay, then copy-paste `curl` commands.
 * Needs no ThreatINSIGHT account and no XDR.
 * @module
 */
import { sampleObservables } from '../simulator/index.ts'
import { findTile } from '../tiles/index.ts'
import { callRelay } from './call-relay.ts'
import type { CliContext } from './cli-context.ts'
import { curlExamples } from './curl-examples.ts'
import { PRINTED_TOKEN_TTL_SECONDS } from './defaults.ts'
import { hasFatalError } from './format-errors.ts'
import { formatObserveAnswer } from './format-observe.ts'
import { formatReferAnswer } from './format-refer.ts'
import { formatTileData } from './format-tiles.ts'
import { startLocalStack } from './local-stack.ts'
import { intFlag, parseFlags } from './parse-flags.ts'
import { alignColumns, createStyle } from './text-layout.ts'

/** Sightings listed per observable: enough to see the shape, short enough to read. */
const DEMO_SIGHTINGS_PER_OBSERVABLE = 5

/** The tile the demo prints: the SOC lead's first glance. */
const DEMO_TILE = 'gti-detection-overview'

/** Help of `demo`. */
export const DEMO_HELP = `Usage: gti-relay demo [options]

Start a simulated ThreatINSIGHT and a relay on free ports in this process,
look up a few observables that have detections (observe and refer), print
the results, one dashboard tile and ready-to-paste curl commands, then run
until Ctrl-C.
No ThreatINSIGHT account or XDR needed.

Options:
  --once       exit after the results instead of staying up
  --console    serve the browser console instead (see gti-relay console --help)
  --seed <n>   dataset seed (default 1)
  -h, --help   show this help`

/** Run `demo`. */
export async function demoCommand(args: string[], ctx: CliContext): Promise<number> {
  if (args.includes('--console')) {
    const { consoleCommand } = await import('./console-command.ts')
    return consoleCommand(
      args.filter((arg) => arg !== '--console' && arg !== '--once'),
      ctx,
    )
  }
  const { values } = parseFlags({
    args,
    options: {
      once: { type: 'boolean', default: false },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    ctx.out(`${DEMO_HELP}\n`)
    return 0
  }
  const seed = intFlag('seed', values.seed, 1, { min: 0, max: 2 ** 31 - 1 })
  const style = createStyle(ctx.color)
  const stack = await startLocalStack({
    sim: { seed },
    logStream: { write: (line) => ctx.err(line) },
  })
  try {
    const { sim, relay } = stack
    const observables = sampleObservables(sim.dataset, 5)
    const token = await stack.token(PRINTED_TOKEN_TTL_SECONDS)
    const observed = await callRelay(relay.url, '/observe/observables', observables, token)
    const referred = await callRelay(relay.url, '/refer/observables', observables, token)
    const tile = findTile(DEMO_TILE) ?? { id: DEMO_TILE }
    const tiled = await callRelay(
      relay.url,
      '/tiles/tile-data',
      { tile_id: DEMO_TILE, period: 'last_7_days' },
      token,
    )

    const lines = [
      style.heading('gti-relay demo'),
      ...alignColumns([
        [
          'simulator',
          sim.url,
          style.dim(
            `seed ${seed}: ${sim.dataset.detections.length} detections, ${sim.dataset.events.length} events`,
          ),
        ],
        ['relay', relay.url, style.dim('tokens checked against the simulator JWKS (dev only)')],
      ]),
      '',
      `${style.heading('Observe')}  ${style.dim(`POST /observe/observables, ${observables.length} observables`)}`,
      '',
      ...formatObserveAnswer(observed.body, observables, {
        style,
        maxSightings: DEMO_SIGHTINGS_PER_OBSERVABLE,
      }),
      '',
      `${style.heading('Refer')}  ${style.dim('POST /refer/observables')}`,
      '',
      ...formatReferAnswer(referred.body, style),
      '',
      `${style.heading('Dashboard tile')}  ${style.dim('POST /tiles/tile-data')}`,
      '',
      ...formatTileData(tiled.body, tile, style),
      '',
    ]
    const failed = [observed, referred, tiled].some(
      (answer) => answer.status !== 200 || hasFatalError(answer.body),
    )
    if (values.once || failed) {
      ctx.out(`${lines.join('\n')}`)
      return failed ? 1 : 0
    }
    const first = observables[0] ?? { type: 'ip', value: '45.77.51.101' }
    lines.push(
      style.heading(`Try it yourself (token valid ${PRINTED_TOKEN_TTL_SECONDS / 3600} h)`),
      ...curlExamples(relay.url, token, first).map((line) => `  ${line}`),
      '',
      style.dim('Ctrl-C to stop.'),
    )
    ctx.out(`${lines.join('\n')}\n`)
    await ctx.waitForStop()
    return 0
  } finally {
    await stack.close()
  }
}
