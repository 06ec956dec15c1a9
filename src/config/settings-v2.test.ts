import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { entityV1UrlFor, parseSettings, SettingsError } from './settings.ts'

describe('settings of observe v2', () => {
  test('GTI_EVENTS_API_URL=none turns the events step off in any region', () => {
    assert.equal(parseSettings({ GTI_EVENTS_API_URL: 'none' }).gti.eventsUrl, undefined)
    assert.equal(parseSettings({ GTI_EVENTS_API_URL: ' NONE ' }).gti.eventsUrl, undefined)
    assert.equal(
      parseSettings({ GTI_REGION: 'eu', GTI_EVENTS_API_URL: 'none' }).gti.eventsUrl,
      undefined,
    )
    assert.throws(() => parseSettings({ GTI_EVENTS_API_URL: 'nothing' }), SettingsError)
  })

  test('the Entity v1 base follows the Entity base unless GTI_ENTITY_V1_API_URL is set', () => {
    assert.equal(parseSettings({}).gti.entityV1Url, 'https://entity.icebrg.io/v1/')
    assert.equal(
      parseSettings({ GTI_REGION: 'eu' }).gti.entityV1Url,
      'https://entity.eu.fortindr.forticloud.com/v1/',
    )
    assert.equal(
      parseSettings({ GTI_ENTITY_API_URL: 'http://127.0.0.1:9/entity/v2/' }).gti.entityV1Url,
      'http://127.0.0.1:9/entity/v1/',
    )
    assert.equal(
      parseSettings({ GTI_ENTITY_V1_API_URL: 'https://e.example/api/v1' }).gti.entityV1Url,
      'https://e.example/api/v1/',
    )
    assert.equal(entityV1UrlFor('https://e.example/other/'), 'https://e.example/v1/')
  })
})
