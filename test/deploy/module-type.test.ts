/**
 * module_type.json, the module type registered in XDR, against what the relay serves and reads.
 *
 * Mapping rule between the relay's routes and `properties.supported-apis`: XDR calls every POST
 * route except `/version` (which people and scripts use), under its path without the leading
 * slash; `GET /watchdog` is for load balancers and container health checks, never XDR.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import {
  DEFAULT_ENTITIES_LIMIT,
  MAX_ENTITIES_LIMIT,
  parseAllowTestAccounts,
  parseEnableResponseActions,
  parseEntitiesLimit,
} from '../../src/auth/index.ts'
import { DEFAULT_JWKS_HOSTS } from '../../src/config/settings.ts'
import { RELAY_ROUTES } from '../../src/http/routes.ts'

const moduleType = JSON.parse(
  readFileSync(new URL('../../module_type.json', import.meta.url), 'utf8'),
) as Record<string, any>

const NOT_CALLED_BY_XDR = new Set(['/version'])

function xdrApis(): string[] {
  return RELAY_ROUTES.filter(({ method, url }) => method === 'POST' && !NOT_CALLED_BY_XDR.has(url))
    .map(({ url }) => url.slice(1))
    .sort()
}

describe('module_type.json', () => {
  test('supported-apis are exactly the XDR-called routes of RELAY_ROUTES', () => {
    assert.deepEqual([...moduleType.properties['supported-apis']].sort(), xdrApis())
  })

  test('capabilities follow the supported APIs', () => {
    const ids = moduleType.capabilities.map((c: { id: string }) => c.id).sort()
    const families = [...new Set(xdrApis().map((api) => api.split('/')[0]))].sort()
    assert.deepEqual(ids, families)
    assert.deepEqual(ids, ['deliberate', 'health', 'observe', 'refer', 'respond', 'tiles'])
  })

  test('authentication: an RS256 configuration token from an allowed XDR host', () => {
    const props = moduleType.properties
    assert.equal(props['auth-type'], 'configuration-token')
    assert.equal(props['configuration-token-alg'], 'RS256')
    assert.ok(DEFAULT_JWKS_HOSTS.includes(props.custom_jwks_host))
    assert.equal(props.custom_jwks_host, 'visibility.amp.cisco.com')
    assert.equal(props.url, 'https://<your relay URL>')
  })

  test('configuration fields become the token claims the relay reads', () => {
    const spec = new Map(
      moduleType.configuration_spec.map((field: Record<string, unknown>) => [field.key, field]),
    )
    assert.deepEqual([...spec.keys()].sort(), [
      'custom_CTR_ENTITIES_LIMIT',
      'custom_GTI_ALLOW_TEST_ACCOUNTS',
      'custom_GTI_ENABLE_RESPONSE_ACTIONS',
      'custom_key',
    ])
    const key = spec.get('custom_key') as Record<string, unknown>
    assert.equal(key.type, 'api_key')
    assert.equal(key.required, true)
    const limit = spec.get('custom_CTR_ENTITIES_LIMIT') as Record<string, any>
    assert.equal(limit.type, 'integer')
    assert.match(limit.tooltip, new RegExp(`1 to ${MAX_ENTITIES_LIMIT}`))
    assert.match(limit.tooltip, new RegExp(`Defaults to ${DEFAULT_ENTITIES_LIMIT}\\b`))
    assert.equal(parseEntitiesLimit(limit.default_value), DEFAULT_ENTITIES_LIMIT)
    const allowTest = spec.get('custom_GTI_ALLOW_TEST_ACCOUNTS') as Record<string, unknown>
    assert.equal(allowTest.type, 'boolean')
    assert.equal(allowTest.default_value, false)
    assert.equal(parseAllowTestAccounts(allowTest.default_value), false)
    // respond.md: the writes are off unless the module instance turns them on.
    const respond = spec.get('custom_GTI_ENABLE_RESPONSE_ACTIONS') as Record<string, any>
    assert.equal(respond.type, 'boolean')
    assert.equal(respond.label, 'Allow resolving detections')
    assert.equal(respond.default_value, false)
    assert.equal(parseEnableResponseActions(respond.default_value), false)
    assert.match(respond.tooltip, /permission to resolve detections/)
    for (const field of spec.values() as Iterable<Record<string, unknown>>) {
      assert.equal(typeof field.label, 'string')
    }
  })

  test('the texts XDR shows are present', () => {
    assert.equal(moduleType.title, 'Gigamon ThreatINSIGHT')
    for (const name of ['default_name', 'short_description', 'description', 'tips']) {
      assert.equal(typeof moduleType[name], 'string', name)
      assert.ok(moduleType[name].length > 0, name)
    }
    assert.match(moduleType.tips, /Profile Settings/)
    assert.match(moduleType.tips, /Create New Token/)
    assert.match(moduleType.tips, /only once/)
    for (const ref of moduleType.external_references) {
      assert.match(ref.link, /^https:\/\//)
      assert.equal(typeof ref.label, 'string')
    }
  })
})
