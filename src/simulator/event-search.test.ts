import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createEventSearch } from './event-search.ts'
import { generateDataset } from './generate-dataset.ts'
import { matchesIql } from './iql-evaluator.ts'
import { parseIql } from './iql-parser.ts'

describe('createEventSearch', () => {
  const { events } = generateDataset({ seed: 3, now: '2026-03-01T12:00:00.000Z' })
  const search = createEventSearch(events)

  test('the index answers exactly what a full scan answers, in dataset order', () => {
    const someUuid = events[17]?.uuid ?? ''
    for (const query of [
      "ip = '45.77.51.101'",
      "domain = 'securecorp.club'",
      "dst.ip = '8.8.8.8'",
      "src.ip = '10.1.0.0/16'",
      "sha256 = '9ffc7e4333d3be11b244d5f83b02ebcd194a671539f7faf1b5597d9209cc25c3'",
      `uuid = '${someUuid}'`,
      "ip IN ('10.1.70.2', '45.77.51.101')",
      "ip = '10.1.70.2' AND event_type = 'dns'",
      "ip = '10.1.70.2' OR http:method = 'POST'",
      "http:host.domain = 'securecorp.club' OR dns:query.domain = 'securecorp.club'",
      "NOT ip = '10.1.70.2'",
      'uri.port = -1',
    ]) {
      const tree = parseIql(query)
      const expected = events.filter((event) => matchesIql(tree, event)).map((event) => event.uuid)
      assert.deepEqual(
        search.search(tree).map((event) => event.uuid),
        expected,
        query,
      )
      assert.ok(expected.length > 0, `${query} should match something`)
    }
  })

  test('the keep filter applies to candidates', () => {
    const tree = parseIql("ip = '45.77.51.101'")
    const kept = search.search(tree, (event) => event.customer_id === 'chg')
    assert.ok(kept.length > 0)
    assert.ok(kept.every((event) => event.customer_id === 'chg'))
  })
})
