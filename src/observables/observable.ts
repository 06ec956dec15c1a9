/**
 * What XDR asks about: an observable `{type, value}` of a type the relay answers for.
 * @module
 */

/** Observable types the relay answers for. */
export const SUPPORTED_TYPES = [
  'ip',
  'domain',
  'md5',
  'sha1',
  'sha256',
  'ipv6',
  'user_agent',
  'email',
] as const
export type ObservableType = (typeof SUPPORTED_TYPES)[number]

/** One observable of a request, already validated. */
export interface Observable {
  type: ObservableType
  value: string
}
