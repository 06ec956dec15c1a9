import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { matchesIql, resolveIqlField } from './iql-evaluator.ts'
import { IqlSyntaxError, parseIql } from './iql-parser.ts'

const http = {
  uuid: 'e-1',
  event_type: 'http',
  customer_id: 'acme',
  src: { ip: '10.1.70.2', internal: true },
  dst: { ip: '45.77.51.101', internal: false },
  host: { domain: 'securecorp.club' },
  uri: { uri: '/a', port: -1 },
  method: 'GET',
  status_code: 200,
  user_agent: null,
  files: [
    { name: "it's.exe", md5: 'm1', sha1: null, sha256: 's1' },
    { name: 'b.zip', md5: 'm2', sha1: 'h2', sha256: 's2' },
  ],
}
const dns = {
  uuid: 'e-2',
  event_type: 'dns',
  src: { ip: '10.1.70.3', internal: true },
  dst: { ip: '10.1.0.53', internal: true },
  query: { domain: 'securecorp.club' },
  answers: [{ ip: '45.77.51.101' }, { ip: '1.2.3.4' }],
}
const x509 = {
  uuid: 'e-3',
  event_type: 'x509',
  src: { ip: '10.1.70.4' },
  dst: { ip: '5.6.7.8' },
  san_dns: ['xn--80ak6aa92e.com', 'www.xn--80ak6aa92e.com'],
}
const pe = {
  uuid: 'e-4',
  event_type: 'pe',
  src: { ip: '1.1.1.1' },
  dst: { ip: '10.1.70.2' },
  file: { sha256: 's1' },
}

const matches = (query: string, event: Record<string, unknown>) =>
  matchesIql(parseIql(query), event)

describe('IQL parser', () => {
  test('accepts the operators, quotes and keywords in any case', () => {
    for (const query of [
      "ip = '1.2.3.4'",
      'ip == "1.2.3.4"',
      'ip != 1.2.3.4',
      "ip <> '1.2.3.4'",
      "http:host.domain = 'x' and not (dns:query.domain = 'y' Or ip = '1')",
      "domain IN ('a', \"b\") AND md5 NOT IN ('c')",
      "uri.uri like '%.php' AND status_code >= 200",
      'user_agent = null // trailing comment',
      "/* lead */ ip = '10.0.0.0/8'",
      'files[].sha256 = s1',
    ]) {
      assert.doesNotThrow(() => parseIql(query), query)
    }
  })

  test('keeps escaped quotes and backslashes in strings', () => {
    const tree = parseIql("name = 'it\\'s \\\\ here'")
    assert.equal(tree.kind, 'compare')
    assert.equal(tree.kind === 'compare' && tree.value, "it's \\ here")
  })

  test('binds AND tighter than OR', () => {
    const tree = parseIql("a = '1' OR b = '2' AND c = '3'")
    assert.equal(tree.kind, 'or')
    assert.equal(tree.kind === 'or' && tree.right.kind, 'and')
  })

  test('refuses malformed queries with an IqlSyntaxError', () => {
    for (const query of [
      '',
      '   ',
      "ip = '1.2.3.4",
      "ip '1.2.3.4'",
      "ip = '1' AND",
      "(ip = '1'",
      "ip = '1')",
      "ip = '1' ip = '2'",
      '= 3',
      "ip = '1' GROUP BY src.ip",
      "ip NOT = '1'",
      "ip IN ('1'",
      'ip = ;',
      '/* open',
      "AND = '1'",
    ]) {
      assert.throws(() => parseIql(query), IqlSyntaxError, JSON.stringify(query))
    }
  })
})

describe('IQL evaluation', () => {
  test('an unqualified ip expands to every ip field', () => {
    assert.equal(matches("ip = '45.77.51.101'", http), true)
    assert.equal(matches("ip = '45.77.51.101'", dns), true, 'answers[].ip')
    assert.equal(matches("ip = '1.2.3.4'", dns), true)
    assert.equal(matches("ip = '9.9.9.9'", http), false)
    assert.deepEqual(resolveIqlField(dns, parseIqlField('ip')), [
      '10.1.70.3',
      '10.1.0.53',
      '45.77.51.101',
      '1.2.3.4',
    ])
  })

  test('an unqualified domain covers query, host and san_dns', () => {
    assert.equal(matches("domain = 'securecorp.club'", http), true)
    assert.equal(matches("domain = 'securecorp.club'", dns), true)
    assert.equal(matches("domain = 'www.xn--80ak6aa92e.com'", x509), true)
    assert.equal(matches("domain = 'securecorp.club'", x509), false)
  })

  test('hash names cover files[] and file', () => {
    assert.equal(matches("sha256 = 's2'", http), true)
    assert.equal(matches("sha256 = 's1'", pe), true)
    assert.equal(matches("md5 = 'm2'", pe), false)
    assert.equal(matches('sha1 = null', pe), true, 'absent')
  })

  test('dotted paths and uuid', () => {
    assert.equal(matches("query.domain = 'securecorp.club'", dns), true)
    assert.equal(matches("query.domain = 'securecorp.club'", http), false)
    assert.equal(matches("files.name = 'it\\'s.exe'", http), true)
    assert.equal(matches("uuid = 'e-2'", dns), true)
    assert.equal(matches('uri.port = -1', http), true)
    assert.equal(matches('status_code = 200', http), true)
  })

  test('a type qualifier limits the clause to that event type', () => {
    assert.equal(matches("http:host.domain = 'securecorp.club'", http), true)
    assert.equal(matches("dns:host.domain = 'securecorp.club'", http), false)
    assert.equal(matches("dns:ip = '45.77.51.101'", dns), true)
    assert.equal(matches("http:ip = '45.77.51.101'", dns), false)
    assert.equal(matches("http:method != 'POST'", dns), false)
  })

  test('AND, OR, NOT and parentheses', () => {
    const query =
      "(http:method = 'GET' OR dns:query.domain = 'securecorp.club') AND NOT ip = '10.1.70.3'"
    assert.equal(matches(query, http), true)
    assert.equal(matches(query, dns), false)
    assert.equal(matches("method = 'GET' and method != 'GET'", http), false)
    assert.equal(matches("not (method = 'POST')", http), true)
  })

  test('IN, LIKE, null, CIDR and ordering', () => {
    assert.equal(matches("method IN ('POST', 'GET')", http), true)
    assert.equal(matches("method NOT IN ('POST', 'GET')", http), false)
    assert.equal(matches("domain LIKE 'secure%.club'", dns), true)
    assert.equal(matches("domain LIKE 'Secure_orp%'", dns), true)
    assert.equal(matches("domain NOT LIKE '%.club'", dns), false)
    assert.equal(matches('user_agent = null', http), true)
    assert.equal(matches('user_agent != null', http), false)
    assert.equal(matches("src.ip = '10.0.0.0/8'", http), true)
    assert.equal(matches("dst.ip = '10.0.0.0/8'", http), false)
    assert.equal(matches('status_code > 199 AND status_code < 300', http), true)
    assert.equal(matches('status_code >= 300', http), false)
  })
})

function parseIqlField(name: string) {
  const tree = parseIql(`${name} = 'x'`)
  if (tree.kind !== 'compare') throw new Error('expected a comparison')
  return tree.field
}
