import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { rebuildUrl } from './rebuild-url.ts'

describe('rebuildUrl', () => {
  test('the seven examples of observe.md, host example.com', () => {
    const examples: [string, string][] = [
      ['/download.php', 'http://example.com/download.php'],
      ['/a?b=c#d', 'http://example.com/a?b=c#d'],
      ['http://x.com', 'http://x.com'],
      ['HTTPS://X.com:8443/p?', 'https://X.com:8443/p'],
      ['//cdn.io/f', 'http://cdn.io/f'],
      ['a/b', 'http://example.com/a/b'],
      ['', 'http://example.com'],
    ]
    for (const [uri, url] of examples) assert.equal(rebuildUrl(uri, 'example.com'), url, uri)
  })

  test('removes every tab, CR and LF first', () => {
    assert.equal(rebuildUrl('/a\tb\r\nc', 'example.com'), 'http://example.com/abc')
    assert.equal(rebuildUrl('ht\ntp://x\t.com/p', 'example.com'), 'http://x.com/p')
  })

  test('splits the fragment at the first #, then the query at the first ?', () => {
    assert.equal(rebuildUrl('/p?q=1#f?g#h', 'h.io'), 'http://h.io/p?q=1#f?g#h')
    assert.equal(rebuildUrl('/p#f', 'h.io'), 'http://h.io/p#f')
    assert.equal(rebuildUrl('/p?#', 'h.io'), 'http://h.io/p')
    assert.equal(rebuildUrl('?only', 'h.io'), 'http://h.io?only')
  })

  test('lower-cases the scheme only, and keeps the authority verbatim', () => {
    assert.equal(
      rebuildUrl('FTP+X-1.y://User:Pw@Host.IO:21/Path'),
      'ftp+x-1.y://User:Pw@Host.IO:21/Path',
    )
  })

  test('a scheme without // takes the fallback authority', () => {
    assert.equal(rebuildUrl('mailto:x@y', 'example.com'), 'mailto://example.com/x@y')
  })

  test('not a scheme when it does not start with a letter', () => {
    assert.equal(rebuildUrl('1http://x', 'h.io'), 'http://h.io/1http://x')
  })

  test('a CONNECT target <name>:<digits> is the authority', () => {
    assert.equal(rebuildUrl('example.com:443', 'other.io'), 'http://example.com:443')
    assert.equal(rebuildUrl('example.com:443?x=1', 'other.io'), 'http://example.com:443?x=1')
    assert.equal(rebuildUrl('localhost:', 'other.io'), 'localhost://other.io')
    assert.equal(rebuildUrl('example.com:443/p', 'other.io'), 'example.com://other.io/443/p')
  })

  test('missing or empty authority: host.domain, then host.ip, then dst ip, then empty', () => {
    assert.equal(rebuildUrl('/p', 'd.io', '1.1.1.1', '2.2.2.2'), 'http://d.io/p')
    assert.equal(rebuildUrl('/p', '', '1.1.1.1', '2.2.2.2'), 'http://1.1.1.1/p')
    assert.equal(rebuildUrl('/p', null, null, '2.2.2.2'), 'http://2.2.2.2/p')
    assert.equal(rebuildUrl('/p', undefined, '', '2.2.2.2'), 'http://2.2.2.2/p')
    assert.equal(rebuildUrl('/p'), 'http:///p')
    assert.equal(rebuildUrl('///p', 'd.io'), 'http://d.io/p')
    assert.equal(rebuildUrl('http://', 'd.io'), 'http://d.io')
  })

  test('an authority without a path keeps the path empty', () => {
    assert.equal(rebuildUrl('//cdn.io?x#y', 'd.io'), 'http://cdn.io?x#y')
  })

  test('nothing is encoded or normalised', () => {
    assert.equal(rebuildUrl('/a b/%7e/ü/../x', 'd.io'), 'http://d.io/a b/%7e/ü/../x')
  })
})
