/**
 * Observables for a benchmark: those of active detections first (they find
 * sightings), padded with other valid values from the dataset's events.
 */
import { type Dataset, type SampleObservable, sampleObservables } from '../src/simulator/index.ts'

function eventValues(dataset: Dataset): SampleObservable[] {
  const found: SampleObservable[] = []
  for (const event of dataset.events) {
    found.push({ type: 'ip', value: event.src.ip }, { type: 'ip', value: event.dst.ip })
    const query = event.query as { domain?: unknown } | undefined
    if (typeof query?.domain === 'string') found.push({ type: 'domain', value: query.domain })
    const host = event.host as { domain?: unknown } | undefined
    if (typeof host?.domain === 'string') found.push({ type: 'domain', value: host.domain })
  }
  return found
}

/** `n` distinct observables (fewer only when the dataset has fewer). */
export function benchObservables(dataset: Dataset, n: number): SampleObservable[] {
  const chosen = sampleObservables(dataset, n)
  if (chosen.length >= n) return chosen
  const seen = new Set(chosen.map((o) => `${o.type}\u0000${o.value}`))
  for (const candidate of eventValues(dataset)) {
    if (chosen.length >= n) break
    const key = `${candidate.type}\u0000${candidate.value}`
    // Internationalised names are valid upstream but not as a relay domain observable.
    if (seen.has(key) || !/^[\x21-\x7e]+$/.test(candidate.value)) continue
    seen.add(key)
    chosen.push(candidate)
  }
  return chosen
}
