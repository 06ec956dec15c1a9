import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { allowedMethods, createRouteFinder, targetError, targetLabel } from './route-target.ts'
import { RELAY_ROUTES } from './routes.ts'

const find = createRouteFinder(RELAY_ROUTES)

function kindAndUrl(method: string, url: string): string {
  const target = find(method, url)
  return `${target.kind} ${targetLabel(target)}`
}

describe('createRouteFinder', () => {
  test('finds each route of the table by its method and URL', () => {
    for (const route of RELAY_ROUTES) {
      assert.equal(kindAndUrl(route.method, route.url), `route ${route.url}`)
    }
  })

  test('ignores the query, repeated and trailing slashes; decodes escapes; keeps case', () => {
    assert.equal(kindAndUrl('POST', '/version?x=1'), 'route /version')
    // As Fastify 5 reads paths by default (and the server did before the dispatch core).
    assert.equal(kindAndUrl('POST', '/version;x'), 'not found unknown')
    assert.equal(kindAndUrl('POST', '//observe//observables/'), 'route /observe/observables')
    assert.equal(kindAndUrl('POST', '/h%65alth'), 'route /health')
    assert.equal(kindAndUrl('POST', '/Health'), 'not found unknown')
    assert.equal(kindAndUrl('POST', '/observe%2Fobservables'), 'not found unknown')
  })

  test('a known URL with another method is a wrong method; GET routes also take HEAD', () => {
    assert.equal(kindAndUrl('GET', '/health'), 'wrong method /health')
    assert.equal(kindAndUrl('HEAD', '/watchdog'), 'route /watchdog')
    assert.equal(kindAndUrl('PROPFIND', '/watchdog'), 'wrong method /watchdog')
    const watchdog = RELAY_ROUTES.find((route) => route.url === '/watchdog')
    assert.ok(watchdog)
    assert.equal(allowedMethods(watchdog), 'GET, HEAD')
  })

  test('a malformed escape is undecodable; the refusals are the relay errors', () => {
    const undecodable = find('POST', '/%zz')
    assert.equal(undecodable.kind, 'undecodable')
    assert.equal(targetError({ kind: 'undecodable' }).code, 'not found')
    const missing = find('POST', `/${'a'.repeat(200)}?q=secret`)
    assert.equal(missing.kind, 'not found')
    if (missing.kind !== 'not found') return
    const message = targetError(missing).message
    assert.ok(message.includes('…') && !message.includes('secret'), message)
  })

  test('never throws, whatever the URL', () => {
    fc.assert(
      fc.property(fc.constantFrom('GET', 'POST', 'HEAD', 'PUT'), fc.string(), (method, url) => {
        const target = find(method, `/${url}`)
        assert.ok(['route', 'wrong method', 'not found', 'undecodable'].includes(target.kind))
      }),
    )
  })
})
