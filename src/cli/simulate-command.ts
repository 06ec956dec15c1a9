/**
 * `gti-relay simulate`: the simulated ThreatINSIGHT on a fixed port, with
 * everything needed to point a relay at it printed, until Ctrl-C.
 * @module
 */
import { writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import {
  type DatasetSizeName,
  EVENTS_API_MODES,
  type EventsApiMode,
  loadDataset,
  type SimulatorOptions,
  sampleObservables,
  startSimulator,
} from '../simulator/index.ts'
import type { CliContext } from './cli-context.ts'
import { CliError, UsageError } from './cli-errors.ts'
import {
  DEFAULT_RELAY_URL,
  DEFAULT_SIMULATOR_PORT,
  DEFAULT_SIMULATOR_URL,
  defaultKeyFile,
  PRINTED_TOKEN_TTL_SECONDS,
} from './defaults.ts'
import { tokenClaims } from './mint-token.ts'
import { intFlag, numberFlag, parseFlags, urlFlag } from './parse-flags.ts'
import { exportLines, relayEnvFor } from './relay-env-lines.ts'
import { alignColumns, createStyle } from './text-layout.ts'

const SIZES: readonly DatasetSizeName[] = ['small', 'medium', 'large']

/** Help of `simulate`. */
export const SIMULATE_HELP = `Usage: gti-relay simulate [options]

Run a simulated Gigamon ThreatINSIGHT (Detections, Events, Entity and Sensor
APIs plus a JWKS standing in for XDR's) and print its URLs, the settings that
point a relay at it, a ready configuration token and sample observables.
Runs until Ctrl-C.

Options:
  --port <n>            port (default ${DEFAULT_SIMULATOR_PORT}; 0 = any free port)
  --host <addr>         address (default 127.0.0.1)
  --seed <n>            dataset seed (default 1)
  --size <name>         dataset size: ${SIZES.join(', ')} (default small)
  --dataset <file>      serve this dataset file instead of generating one
  --latency-ms <n>      added to every API call (default 0)
  --jitter-ms <n>       up to this much more, at random (default 0)
  --error-rate <0..1>   share of API calls answered HTTP 500 (default 0)
  --events-api <mode>   the Events API: ${EVENTS_API_MODES.join(', ')} (default up;
                        PUT /_sim/events-api {"mode"} changes it while running)
  --https               serve HTTPS with a certificate made at start; its CA is
                        written next to the key file (see NODE_EXTRA_CA_CERTS)
  --key-file <file>     signing key, created when missing
                        (default ${defaultKeyFile()})
  --relay <url>         relay the printed token is for (default ${DEFAULT_RELAY_URL})
  -h, --help            show this help`

/** Run `simulate` until stopped. */
export async function simulateCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      size: { type: 'string' },
      dataset: { type: 'string' },
      'latency-ms': { type: 'string' },
      'jitter-ms': { type: 'string' },
      'error-rate': { type: 'string' },
      'events-api': { type: 'string' },
      https: { type: 'boolean', default: false },
      'key-file': { type: 'string' },
      relay: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    ctx.out(`${SIMULATE_HELP}\n`)
    return 0
  }
  const size = values.size ?? 'small'
  if (!(SIZES as readonly string[]).includes(size)) {
    throw new UsageError(`--size must be one of ${SIZES.join(', ')}`)
  }
  if (values.dataset !== undefined && (values.seed !== undefined || values.size !== undefined)) {
    throw new UsageError('--dataset cannot be combined with --seed or --size')
  }
  const seed = intFlag('seed', values.seed, 1, { min: 0, max: 2 ** 31 - 1 })
  const eventsApi = values['events-api'] ?? 'up'
  if (!(EVENTS_API_MODES as readonly string[]).includes(eventsApi)) {
    throw new UsageError(`--events-api must be one of ${EVENTS_API_MODES.join(', ')}`)
  }
  const keyFile = values['key-file'] ?? defaultKeyFile()
  const relayUrl = urlFlag('relay', values.relay ?? DEFAULT_RELAY_URL)
  const options: SimulatorOptions = {
    host: values.host?.trim() || '127.0.0.1',
    port: intFlag('port', values.port, DEFAULT_SIMULATOR_PORT, { min: 0, max: 65535 }),
    seed,
    size: size as DatasetSizeName,
    latencyMs: intFlag('latency-ms', values['latency-ms'], 0, { min: 0, max: 600_000 }),
    jitterMs: intFlag('jitter-ms', values['jitter-ms'], 0, { min: 0, max: 600_000 }),
    errorRate: numberFlag('error-rate', values['error-rate'], 0, { min: 0, max: 1 }),
    eventsApi: eventsApi as EventsApiMode,
    https: values.https,
    keyFile,
  }
  if (values.dataset !== undefined) {
    try {
      options.dataset = await loadDataset(values.dataset)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new CliError(`cannot load the dataset ${values.dataset}: ${reason}`)
    }
  }

  const sim = await startSimulator(options).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      throw new CliError(
        `port ${options.port} is in use: is a simulator already running? Try --port 0`,
      )
    }
    throw error
  })
  const env = relayEnvFor(sim.urls)
  if (sim.ca !== undefined) {
    const caFile = join(dirname(keyFile), 'gti-relay-simulator-ca.pem')
    await writeFile(caFile, sim.ca)
    env.NODE_EXTRA_CA_CERTS = caFile
  }
  const token = await sim.signToken(
    tokenClaims(
      { aud: relayUrl, key: sim.apiKey, ttlSeconds: PRINTED_TOKEN_TTL_SECONDS },
      Math.floor(Date.now() / 1000),
    ),
  )
  const style = createStyle(ctx.color)
  const source = values.dataset === undefined ? `seed ${seed}, ${size}` : `file ${values.dataset}`
  // Only the flags that differ from observe's defaults, so the usual lines stay short.
  const extraFlags = [
    sim.url === DEFAULT_SIMULATOR_URL ? '' : ` --simulator ${sim.url}`,
    relayUrl === DEFAULT_RELAY_URL ? '' : ` --relay ${relayUrl}`,
  ].join('')
  const lines = [
    `${style.heading('ThreatINSIGHT simulator')}  ${sim.url}`,
    ...alignColumns([
      [
        'dataset',
        `${source}: ${sim.dataset.detections.length} detections, ${sim.dataset.events.length} events`,
      ],
      ['API key', sim.apiKey],
      ['key file', keyFile],
      ['admin', `${sim.url}/_sim/stats, ${sim.url}/_sim/observables`],
    ]),
    '',
    style.heading('Point a relay at it (terminal 2: paste, then `npx gti-relay serve`)'),
    ...exportLines(env).map((line) => `  ${line}`),
    '',
    style.heading(
      `Configuration token for ${relayUrl} (valid ${PRINTED_TOKEN_TTL_SECONDS / 3600} h)`,
    ),
    `  ${token}`,
    '',
    style.heading('Observables with detections (terminal 3)'),
    ...sampleObservables(sim.dataset, 5).map(
      (observable) => `  npx gti-relay observe ${observable.type} ${observable.value}${extraFlags}`,
    ),
    '',
    style.dim('Ctrl-C to stop.'),
  ]
  ctx.out(`${lines.join('\n')}\n`)
  await ctx.waitForStop()
  await sim.close()
  ctx.out('simulator stopped\n')
  return 0
}
