import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { makeEvent } from '../../test/support/ctim-builders.ts'
import type { Observable } from '../observables/observable.ts'
import { buildRelations } from './relations.ts'

const sha: Observable = { type: 'sha256', value: 'f'.repeat(64) }
const src = { ip: '10.0.0.1', internal: true }
const dst = { ip: '8.8.8.8', internal: false }

/** Relations as `source relation related` lines, for readable comparisons. */
const lines = (fields: Record<string, unknown>, observable: Observable = sha) =>
  buildRelations(makeEvent(fields), observable).map(
    (r) => `${r.source.type}:${r.source.value} ${r.relation} ${r.related.type}:${r.related.value}`,
  )

describe('buildRelations', () => {
  test('every relation has the ThreatINSIGHT origin and the CTIM shape', () => {
    assert.deepEqual(buildRelations(makeEvent({ src, dst }), sha), [
      {
        origin: 'Gigamon ThreatINSIGHT',
        source: { type: 'ip', value: '10.0.0.1' },
        relation: 'Connected_To',
        related: { type: 'ip', value: '8.8.8.8' },
      },
    ])
  })

  test('Connected_To needs both ips as non-empty strings', () => {
    assert.deepEqual(lines({ src }), [])
    assert.deepEqual(lines({ src, dst: null }), [])
    assert.deepEqual(lines({ src, dst: { ip: '' } }), [])
    assert.deepEqual(lines({ src: { ip: null }, dst }), [])
    assert.deepEqual(lines({ src: {}, dst }), [])
  })

  test('dns: Queried_For then Resolved_To per answer with an ip', () => {
    assert.deepEqual(
      lines({
        event_type: 'dns',
        src,
        dst,
        query: { domain: 'a.io' },
        answers: [
          { ip: '1.1.1.1' },
          { name: 'x' },
          { ip: '' },
          { ip: null },
          { ip: '2.2.2.2' },
          'odd',
        ],
      }),
      [
        'ip:10.0.0.1 Connected_To ip:8.8.8.8',
        'ip:10.0.0.1 Queried_For domain:a.io',
        'domain:a.io Resolved_To ip:1.1.1.1',
        'domain:a.io Resolved_To ip:2.2.2.2',
      ],
    )
  })

  test('dns: nothing without a non-empty query, or on another event type', () => {
    const answers = [{ ip: '1.1.1.1' }]
    assert.deepEqual(
      lines({ event_type: 'dns', src: { ip: '10.0.0.1' }, query: null, answers }),
      [],
    )
    assert.deepEqual(lines({ event_type: 'dns', src: { ip: '10.0.0.1' }, query: {}, answers }), [])
    assert.deepEqual(
      lines({ event_type: 'DNS', src: { ip: '10.0.0.1' }, query: { domain: 'a.io' }, answers }),
      [],
    )
    assert.deepEqual(
      lines({ event_type: 'dns', src: { ip: '10.0.0.1' }, query: { domain: '' }, answers }),
      [],
      'an empty domain skips both Queried_For and Resolved_To',
    )
    assert.deepEqual(
      lines({ event_type: 'dns', query: { domain: 'a.io' }, answers: { ip: '1.1.1.1' } }),
      [],
      'answers that are not a list have no elements',
    )
  })

  test('http: user agent, host domain, URL, then files of a GET', () => {
    assert.deepEqual(
      lines({
        event_type: 'http',
        src,
        dst,
        method: 'GET',
        user_agent: 'UA',
        host: { domain: 'm.io' },
        uri: { uri: '/d.php' },
        files: [
          { md5: 'm1', sha1: 's1', sha256: 'h1' },
          { sha256: 'h2', md5: '' },
        ],
      }),
      [
        'ip:10.0.0.1 Connected_To ip:8.8.8.8',
        'user_agent:UA Sent_From ip:10.0.0.1',
        'user_agent:UA Sent_To ip:8.8.8.8',
        'domain:m.io Resolved_To ip:8.8.8.8',
        'ip:10.0.0.1 Connected_To url:http://m.io/d.php',
        'url:http://m.io/d.php Hosted_On ip:8.8.8.8',
        'md5:m1 Downloaded_To ip:10.0.0.1',
        'sha1:s1 Downloaded_To ip:10.0.0.1',
        'sha256:h1 Downloaded_To ip:10.0.0.1',
        'sha256:h2 Downloaded_To ip:10.0.0.1',
        'md5:m1 Downloaded_From ip:8.8.8.8',
        'sha1:s1 Downloaded_From ip:8.8.8.8',
        'sha256:h1 Downloaded_From ip:8.8.8.8',
        'sha256:h2 Downloaded_From ip:8.8.8.8',
      ],
    )
  })

  test('http: files of any method other than exactly GET are uploads', () => {
    for (const method of ['POST', 'get', null]) {
      assert.deepEqual(lines({ event_type: 'http', src, dst, method, files: [{ md5: 'm1' }] }), [
        'ip:10.0.0.1 Connected_To ip:8.8.8.8',
        'md5:m1 Uploaded_From ip:10.0.0.1',
        'md5:m1 Uploaded_To ip:8.8.8.8',
      ])
    }
  })

  test('http: the URL falls back to host.ip, then the dst ip', () => {
    const url = (fields: Record<string, unknown>) =>
      lines({ event_type: 'http', src, dst, uri: { uri: '/p' }, ...fields }).filter((l) =>
        l.includes('url:'),
      )
    assert.deepEqual(url({ host: { ip: '9.9.9.9' } }), [
      'ip:10.0.0.1 Connected_To url:http://9.9.9.9/p',
      'url:http://9.9.9.9/p Hosted_On ip:8.8.8.8',
    ])
    assert.deepEqual(url({ host: null }), [
      'ip:10.0.0.1 Connected_To url:http://8.8.8.8/p',
      'url:http://8.8.8.8/p Hosted_On ip:8.8.8.8',
    ])
  })

  test('http: a URL that is not http(s) is never built into a relation', () => {
    for (const uri of ['javascript:alert(1)//x', 'data:text/html,x', 'FILE:///etc/passwd']) {
      const urls = lines({ event_type: 'http', src, dst, uri: { uri } }).filter((l) =>
        l.includes('url:'),
      )
      assert.deepEqual(urls, [], uri)
    }
    assert.equal(
      lines({ event_type: 'http', src, dst, uri: { uri: 'HTTPS://x.io/' } }).filter((l) =>
        l.includes('url:'),
      ).length,
      2,
    )
  })

  test('at most max relations are built, the first ones in spec order', () => {
    const files = Array.from({ length: 1000 }, (_, i) => ({ md5: `${i}`.padStart(32, '0') }))
    const all = buildRelations(
      makeEvent({ event_type: 'http', src, dst, method: 'GET', files }),
      sha,
    )
    const capped = buildRelations(
      makeEvent({ event_type: 'http', src, dst, method: 'GET', files }),
      sha,
      7,
    )
    assert.equal(all.length, 2001)
    assert.deepEqual(capped, all.slice(0, 7))
  })

  test('http: a missing, null or non-string uri.uri skips the URL relations', () => {
    for (const uri of [{}, { uri: null }, { port: -1 }, { uri: 5 }, null, '/p']) {
      assert.deepEqual(lines({ event_type: 'http', uri }), [], JSON.stringify(uri))
    }
  })

  test('http: guards on empty or non-string user agent, domain and hashes', () => {
    assert.deepEqual(
      lines({
        event_type: 'http',
        src: { ip: '10.0.0.1' },
        user_agent: '',
        host: { domain: '' },
        files: [{ md5: null, sha1: 7, sha256: '' }, null, 'x'],
      }),
      [],
    )
    assert.deepEqual(
      lines({ event_type: 'http', dst, user_agent: { a: 1 }, host: { domain: 'm.io' } }),
      ['domain:m.io Resolved_To ip:8.8.8.8'],
    )
  })

  test('x509: SAN_DNS_For only when the observable is a domain', () => {
    const domain: Observable = { type: 'domain', value: 'cert.io' }
    assert.deepEqual(lines({ event_type: 'x509', dst }, domain), [
      'domain:cert.io SAN_DNS_For ip:8.8.8.8',
    ])
    assert.deepEqual(lines({ event_type: 'x509', dst }, sha), [])
    assert.deepEqual(lines({ event_type: 'x509' }, domain), [])
    assert.deepEqual(lines({ event_type: 'ssl', dst }, domain), [])
  })

  test('http-looking fields on other event types give nothing', () => {
    assert.deepEqual(lines({ event_type: 'pe', user_agent: 'UA', dst, uri: { uri: '/p' } }), [])
  })
})
