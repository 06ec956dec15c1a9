/**
 * The simulated Gigamon ThreatINSIGHT: an HTTP(S) server with the
 * Detections, Events, Entity and Sensor APIs, a deterministic data
 * generator, an IQL subset, faults, latency and statistics. It imports
 * nothing from the relay, so it stays an independent peer.
 * @module
 */
export type {
  Dataset,
  DhcpLease,
  SimAccount,
  SimDetection,
  SimEndpoint,
  SimEvent,
  SimIndicator,
  SimRule,
  SimSensor,
} from './dataset.ts'
export {
  DEMO_ACCOUNT_UUID,
  TRAINING_ACCOUNT_UUID,
  UNTRIAGED_DETECTION,
  WELL_KNOWN_OBSERVABLES,
} from './dataset.ts'
export { loadDataset, saveDataset } from './dataset-file.ts'
export { EVENT_TYPES, type SimEventType } from './event-builders.ts'
export { EVENTS_API_MODES, type EventsApiMode } from './events-api-mode.ts'
export {
  createFaultInjector,
  FAULT_API_KEYS,
  FAULT_NAMES,
  type FaultInjector,
  type FaultName,
  type FaultRequest,
  type FaultRule,
  parseFaultRules,
} from './faults.ts'
export {
  type DatasetCounts,
  type DatasetSizeName,
  type GenerateDatasetOptions,
  generateDataset,
} from './generate-dataset.ts'
export { HOSTILE_IP, type HostileOptions, withHostileObservable } from './hostile-dataset.ts'
export { matchesIql, resolveIqlField } from './iql-evaluator.ts'
export {
  type IqlField,
  type IqlLiteral,
  type IqlNode,
  type IqlOperator,
  IqlSyntaxError,
  parseIql,
} from './iql-parser.ts'
export { IPV6_DOMAIN, MORE_OBSERVABLES } from './more-observables.ts'
export { createRandom, type Random } from './prng.ts'
export {
  READ_ONLY_API_KEY,
  RESOLUTIONS,
  SIM_RESOLUTION_USER_UUID,
} from './resolve-route.ts'
export { type SampleObservable, sampleObservables } from './sample-observables.ts'
export { fromJwk as signingKeyFromJwk, type SigningKey } from './signing-key.ts'
export {
  DEFAULT_API_KEY,
  DEFAULT_JWKS_HOST,
  type RunningSimulator,
  type SimulatorOptions,
  type SimulatorUrls,
  startSimulator,
} from './start-simulator.ts'
export type { SimulatorStats } from './stats.ts'
export { createTlsMaterial, type TlsMaterial } from './tls-certificate.ts'
