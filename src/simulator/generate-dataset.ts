/**
 * Generates a deterministic simulated tenant from a seed: the world
 * (`dataset-world.ts`), its rules and detections (`dataset-detections.ts`)
 * and background traffic (`background-traffic.ts`), in one fixed order.
 * @module
 */
import { backgroundTraffic } from './background-traffic.ts'
import type { Dataset, SimEvent } from './dataset.ts'
import { generateDetections } from './dataset-detections.ts'
import { buildWorld, makeSensors, type World } from './dataset-world.ts'
import { moreObservableEvents } from './more-observables.ts'
import { createRandom } from './prng.ts'
import { isoMillis } from './time-format.ts'

/** Named dataset sizes; `small` generates in a few tens of milliseconds. */
export type DatasetSizeName = 'small' | 'medium' | 'large'

/** Explicit sizes; omitted counts scale from `events`. */
export interface DatasetCounts {
  /** Background events (detection events come on top). */
  events: number
  /** Detections, the well-known ones included (at least 6 are always made). */
  detections: number
  /** Internal hosts over all accounts. */
  hosts?: number
  externalHosts?: number
  /** Malicious domains (benign and internationalised ones are fixed lists). */
  domains?: number
  files?: number
}

/** Options of {@link generateDataset}. */
export interface GenerateDatasetOptions {
  /** Default 1. */
  seed?: number
  /** Default `small`. */
  size?: DatasetSizeName | DatasetCounts
  /** The instant timestamps are relative to; default the current time. */
  now?: Date | number | string
}

const SIZES: Record<DatasetSizeName, Required<DatasetCounts>> = {
  small: { events: 2000, detections: 40, hosts: 40, externalHosts: 60, domains: 20, files: 25 },
  medium: {
    events: 20_000,
    detections: 300,
    hosts: 300,
    externalHosts: 400,
    domains: 80,
    files: 150,
  },
  large: {
    events: 100_000,
    detections: 1500,
    hosts: 1500,
    externalHosts: 1500,
    domains: 300,
    files: 600,
  },
}

/** Generates a tenant; the same seed, size and `now` always give the same JSON. */
export function generateDataset(options: GenerateDatasetOptions = {}): Dataset {
  const seed = options.seed ?? 1
  const now = Math.floor(new Date(options.now ?? Date.now()).getTime())
  if (Number.isNaN(now)) throw new TypeError('generateDataset: `now` is not a valid date')
  const counts = resolveCounts(options.size ?? 'small')
  const rng = createRandom(seed)
  const world = buildWorld(rng, now, counts, seed)

  const { rules, detections, detectionEvents, events } = generateDetections(
    world,
    counts.detections,
    seed,
  )
  // One by one: a large dataset's background is too many arguments for one push.
  for (const event of backgroundTraffic(world, counts.events)) events.push(event)
  events.push(...moreObservableEvents({ seed, now, accounts: eventAccounts(world) }))
  sortNewestFirst(events)

  return {
    version: 1,
    seed,
    now: isoMillis(now),
    accounts: world.accounts.map((entry) => entry.account),
    sensors: makeSensors(world),
    leases: world.leases,
    rules,
    detections,
    detectionEvents,
    events,
  }
}

/** Where the events of the v2 observable types happen: one host and sensor per account. */
function eventAccounts(world: World) {
  return world.accounts.flatMap((entry) => {
    const host = entry.hosts[0]
    const sensorId = entry.sensors[0]
    if (host === undefined || sensorId === undefined) return []
    return [{ code: entry.account.code, sensorId, internalIp: host.ip, test: entry.account.test }]
  })
}

function resolveCounts(size: DatasetSizeName | DatasetCounts): Required<DatasetCounts> {
  if (typeof size === 'string') {
    const named = SIZES[size]
    if (named === undefined) throw new TypeError(`generateDataset: unknown size ${String(size)}`)
    return named
  }
  const scale = Math.max(1, size.events / 2000)
  return {
    events: Math.max(0, Math.floor(size.events)),
    detections: Math.max(0, Math.floor(size.detections)),
    hosts: size.hosts ?? Math.ceil(40 * scale),
    externalHosts: size.externalHosts ?? Math.ceil(60 * scale),
    domains: size.domains ?? Math.ceil(20 * Math.sqrt(scale)),
    files: size.files ?? Math.ceil(25 * Math.sqrt(scale)),
  }
}

/** Sorts on extracted keys: comparing the large event objects directly is several times slower. */
function sortNewestFirst(events: SimEvent[]): void {
  const keyed = events.map((event) => ({ key: `${event.timestamp} ${event.uuid}`, event }))
  keyed.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0))
  keyed.forEach((entry, i) => {
    events[i] = entry.event
  })
}
