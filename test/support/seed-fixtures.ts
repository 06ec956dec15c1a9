/**
 * The original relay's test data, read from ../shared/reference/seed-fixtures.
 */
import { readFileSync } from 'node:fs'

const root = new URL('../../../shared/reference/seed-fixtures/', import.meta.url)

/** Parse one seed fixture by file name. */
export function seedFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, root), 'utf8')) as T
}
