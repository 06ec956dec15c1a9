/**
 * Datasets as JSON files, so a CLI, a benchmark and a test can share one
 * tenant without regenerating it.
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises'
import type { Dataset } from './dataset.ts'

/** Reads a dataset written by {@link saveDataset}; throws `TypeError` when the file is not one. */
export async function loadDataset(path: string): Promise<Dataset> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'))
  assertDataset(parsed, path)
  return parsed
}

/** Writes `dataset` as JSON (compact: large datasets are tens of megabytes). */
export async function saveDataset(path: string, dataset: Dataset): Promise<void> {
  await writeFile(path, JSON.stringify(dataset))
}

function assertDataset(value: unknown, path: string): asserts value is Dataset {
  const record = value as Partial<Record<keyof Dataset, unknown>> | null
  const lists = ['accounts', 'sensors', 'leases', 'rules', 'detections', 'events'] as const
  const ok =
    record !== null &&
    typeof record === 'object' &&
    record.version === 1 &&
    typeof record.now === 'string' &&
    typeof record.detectionEvents === 'object' &&
    record.detectionEvents !== null &&
    lists.every((key) => Array.isArray(record[key]))
  if (!ok) throw new TypeError(`${path} is not a simulator dataset (version 1)`)
}
