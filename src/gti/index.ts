/**
 * The ThreatINSIGHT client: calls, errors and answer schemas.
 * @module
 */
export type { CallTarget, TimeLimit } from './classify-failure.ts'
export { GTI_CALLS, type GtiApi, type GtiCall, type GtiCallInput } from './gti-calls.ts'
export type {
  CallContext,
  DetectionsListQuery,
  DetectionsPageQuery,
  DhcpEntity,
  EventsQuery,
  GtiClient,
  GtiClientOptions,
  PdnsQuery,
  ResolveDetection,
} from './gti-client.ts'
export { createGtiClient, DEFAULT_MAX_ANSWER_BYTES } from './gti-client.ts'
export type { GtiErrorDetails, GtiErrorKind } from './gti-error.ts'
export { GTI_ERROR_CODES, GtiError, isGtiError } from './gti-error.ts'
export type { DispatcherFactory } from './origin-dispatchers.ts'
export type { RetryOptions } from './retry-policy.ts'
export { DEFAULT_RETRY, RETRYABLE_STATUSES } from './retry-policy.ts'
export type {
  Detection,
  DetectionEventsAnswer,
  DetectionIndicator,
  DetectionsAnswer,
  DhcpAnswer,
  DhcpRecord,
  EventsQueryAnswer,
  FileAnswer,
  FileEntity,
  GtiEndpoint,
  GtiEvent,
  PdnsAnswer,
  PdnsRecord,
  Rule,
} from './schemas.ts'
export {
  DetectionEventsAnswerSchema,
  DetectionSchema,
  DetectionsAnswerSchema,
  DhcpAnswerSchema,
  DhcpRecordSchema,
  EventsQueryAnswerSchema,
  FileAnswerSchema,
  GtiEventSchema,
  isDetection,
  isDhcpRecord,
  isGtiEvent,
  isPdnsRecord,
  isRule,
  PdnsAnswerSchema,
  PdnsRecordSchema,
  RuleSchema,
} from './schemas.ts'
export type { StartTimer } from './timer.ts'
export type { UpstreamGate } from './upstream-gate.ts'
