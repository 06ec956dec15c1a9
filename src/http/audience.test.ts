import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  type AudienceOptions,
  type AudienceSource,
  deriveAudience,
  describeAudienceRule,
  explainAudience,
} from './audience.ts'

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

describe('explainAudience', () => {
  const host = { host: 'relay.local:9090' }
  const forwarded = { ...host, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'relay.example' }

  test('names the rule that deriveAudience applied', () => {
    const cases: [AudienceSource, AudienceOptions, string, boolean][] = [
      [{ headers: host, encrypted: false }, plain, "from the request's Host header", false],
      [{ headers: forwarded, encrypted: false }, plain, "from the request's Host header", false],
      [
        { headers: forwarded, encrypted: false },
        proxied,
        'from X-Forwarded-Proto and X-Forwarded-Host headers, as TRUST_PROXY is on',
        false,
      ],
      [
        { headers: { ...host, 'x-forwarded-proto': 'https' }, encrypted: false },
        proxied,
        "from X-Forwarded-Proto and the request's Host headers, as TRUST_PROXY is on",
        false,
      ],
      [{ headers: host, encrypted: false }, proxied, "from the request's Host header", false],
      [
        { headers: {}, encrypted: false },
        plain,
        'the request had no Host header, so localhost was assumed',
        false,
      ],
      [
        { headers: host, encrypted: true, mountPath: '/prod', fromLambdaEvent: true },
        plain,
        "from the Lambda event's domain name and API Gateway stage",
        false,
      ],
      [
        { headers: forwarded, encrypted: false, fromLambdaEvent: true },
        { publicUrl: 'https://registered.example', trustProxy: true },
        'from the RELAY_PUBLIC_URL setting',
        true,
      ],
    ]
    for (const [source, options, derivation, fromSetting] of cases) {
      assert.deepEqual(explainAudience(source, options), { derivation, fromSetting })
    }
  })
})

describe('describeAudienceRule', () => {
  test('one line per process: the setting, the Lambda event, or the request', () => {
    assert.equal(
      describeAudienceRule({ publicUrl: 'https://r.example', trustProxy: true }, 'lambda'),
      'https://r.example (RELAY_PUBLIC_URL)',
    )
    assert.match(describeAudienceRule(plain, 'lambda'), /event's domain name/)
    assert.match(describeAudienceRule(plain, 'server'), /<Host header>, from each request; set/)
    assert.match(describeAudienceRule(proxied, 'server'), /X-Forwarded-Host.*TRUST_PROXY is on/)
  })
})
