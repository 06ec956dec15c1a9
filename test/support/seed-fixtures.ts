/**
 * The original relay's test data, kept verbatim in test/fixtures/seed/.
 */
import { readFileSync } from 'node:fs'

const root = new URL('../fixtures/seed/', import.meta.url)

/** Parse one seed fixture by file name. */
export function seedFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, root), 'utf8')) as T
}
