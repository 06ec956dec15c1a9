/**
 * The operator docs name what the code serves and reads: every route, every error code and every
 * environment variable. A route, code or setting added without its docs fails here.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { SETTING_NAMES } from '../../src/config/settings.ts'
import { RELAY_ERROR_STATUS } from '../../src/errors/relay-error.ts'
import { RELAY_ROUTES } from '../../src/http/routes.ts'

const doc = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8')

describe('docs in step with the code', () => {
  test('relay-api.md lists every route with its method', () => {
    const text = doc('relay-api.md')
    for (const route of RELAY_ROUTES) {
      assert.ok(text.includes(`\`${route.method} ${route.url}\``), `${route.method} ${route.url}`)
    }
  })

  test('relay-api.md explains every error code', () => {
    const text = doc('relay-api.md')
    for (const code of Object.keys(RELAY_ERROR_STATUS)) {
      assert.ok(text.includes(`\`${code}\``), code)
    }
  })

  test('settings.md has a row for every environment variable', () => {
    const text = doc('settings.md')
    assert.ok(SETTING_NAMES.includes('GTI_TILES_MAX_DETECTIONS'), 'the names come from the schema')
    for (const name of SETTING_NAMES) assert.match(text, new RegExp(`^\\| \`${name}\` `, 'm'), name)
  })
})
