/**
 * Reading query-string and body parameters the way the upstream accepts
 * them, answering 400 with the upstream's error shape when they are wrong.
 * @module
 */
import { SimHttpError } from './http-error.ts'

/** A multi-valued parameter: repeated (`a=x&a=y`) and/or comma-separated (`a=x,y`). */
export function multiParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '')
}

/** An integer parameter within `[min, max]`, `fallback` when absent or empty. */
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  range: { min: number; max: number },
): number {
  const raw = query.get(name)
  if (raw === null || raw.trim() === '') return fallback
  return checkInt(raw.trim(), name, range)
}

/** Checks that `value` (a JSON number or digit string) is an integer within `[min, max]`. */
export function checkInt(
  value: unknown,
  name: string,
  range: { min: number; max: number },
): number {
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value
  if (
    typeof number !== 'number' ||
    !Number.isInteger(number) ||
    number < range.min ||
    number > range.max
  ) {
    throw new SimHttpError(
      400,
      'client.invalid_parameter',
      `${name} must be an integer from ${range.min} to ${range.max}.`,
    )
  }
  return number
}

/** One of `choices`, `fallback` when absent. */
export function choiceParam<T extends string>(
  query: URLSearchParams,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = query.get(name)
  if (raw === null || raw === '') return fallback
  if (!(choices as readonly string[]).includes(raw)) {
    throw new SimHttpError(
      400,
      'client.invalid_parameter',
      `${name} must be one of ${choices.join(', ')}.`,
    )
  }
  return raw as T
}

/** Parses a JSON body; anything else is a 400. */
export function jsonBody(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new SimHttpError(400, 'client.invalid_json', 'The request body is not valid JSON.')
  }
}
