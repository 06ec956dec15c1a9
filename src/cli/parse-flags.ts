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

function rangedFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  range: { min: number; max: number },
  kind: { parse(text: string): number; words: string },
): number {
  if (value === undefined) return fallback
  const parsed = kind.parse(value)
  if (!Number.isFinite(parsed) || parsed < range.min || parsed > range.max) {
    throw new UsageError(`--${name} must be ${kind.words} from ${range.min} to ${range.max}`)
  }
  return parsed
}

const WHOLE = {
  parse: (text: string) => {
    const parsed = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN
    // Digits only, so only a number past 2^53 fails here: it would not be the one typed.
    return Number.isSafeInteger(parsed) ? parsed : Number.NaN
  },
  words: 'a whole number',
}
const DECIMAL = {
  parse: (text: string) => (text.trim() === '' ? Number.NaN : Number(text)),
  words: 'a number',
}

/** An integer flag in `min..max`, or `fallback` when the flag is absent. */
export function intFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  range: { min: number; max: number },
): number {
  return rangedFlag(name, value, fallback, range, WHOLE)
}

/** A decimal flag in `min..max`, or `fallback` when the flag is absent. */
export function numberFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  range: { min: number; max: number },
): number {
  return rangedFlag(name, value, fallback, range, DECIMAL)
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
