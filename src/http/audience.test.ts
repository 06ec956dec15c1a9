import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { deriveAudience } from './audience.ts'

const plain = { publicUrl: undefined, trustProxy: false }
const proxied = { publicUrl: undefined, trustProxy: true }

describe('deriveAudience', () => {
  test('scheme and Host of the request, no trailing slash', () => {
    assert.equal(
      deriveAudience({ headers: { host: 'relay.local:9090' }, encrypted: false }, plain),
      'http://relay.local:9090',
    )
    assert.equal(
      deriveAudience(
        { headers: { host: 'relay.example' }, encrypted: true, mountPath: '/prod/' },
        plain,
      ),
      'https://relay.example/prod',
    )
  })

  test('forwarded headers count only when the proxy is trusted', () => {
    const headers = {
      host: '10.0.0.5:9090',
      'x-forwarded-proto': 'https, http',
      'x-forwarded-host': 'relay.example, inner',
    }
    assert.equal(deriveAudience({ headers, encrypted: false }, plain), 'http://10.0.0.5:9090')
    assert.equal(deriveAudience({ headers, encrypted: false }, proxied), 'https://relay.example')
  })

  test('RELAY_PUBLIC_URL wins over everything', () => {
    assert.equal(
      deriveAudience(
        { headers: { host: 'x', 'x-forwarded-host': 'y' }, encrypted: false },
        { publicUrl: 'https://registered.example', trustProxy: true },
      ),
      'https://registered.example',
    )
  })
})
