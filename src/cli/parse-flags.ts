/**
 * `node:util` parseArgs with its errors turned into usage errors, and the
 * number checks every command needs.
 * @module
 */
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { UsageError } from './cli-errors.ts'

/** Parse `args` strictly; unknown or malformed flags become a {@link UsageError}. */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ strict: true, ...config })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, ''))
  }
}

/** An integer flag in `min..max`, or `fallback` when the flag is absent. */
export function intFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  range: { min: number; max: number },
): number {
  if (value === undefined) return fallback
  const parsed = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(parsed) || parsed < range.min || parsed > range.max) {
    throw new UsageError(`--${name} must be a whole number from ${range.min} to ${range.max}`)
  }
  return parsed
}

/** A decimal flag in `min..max`, or `fallback` when the flag is absent. */
export function numberFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  range: { min: number; max: number },
): number {
  if (value === undefined) return fallback
  const parsed = value.trim() === '' ? Number.NaN : Number(value)
  if (!Number.isFinite(parsed) || parsed < range.min || parsed > range.max) {
    throw new UsageError(`--${name} must be a number from ${range.min} to ${range.max}`)
  }
  return parsed
}

/** An http(s) URL flag without its trailing slashes. */
export function urlFlag(name: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`--${name} must be an http(s) URL, got ${JSON.stringify(value)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--${name} must be an http(s) URL, got ${JSON.stringify(value)}`)
  }
  return value.trim().replace(/\/+$/, '')
}
