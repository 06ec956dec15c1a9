export type {
  EnvelopeError,
  RelayErrorCode,
  RelayErrorOptions,
  RelayErrorType,
} from './relay-error.ts'
export {
  AuthorizationError,
  InvalidArgumentError,
  isRelayError,
  RelayError,
} from './relay-error.ts'
