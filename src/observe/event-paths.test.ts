import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { comparable, indicatorPath, walkPath } from './event-paths.ts'

describe('indicatorPath', () => {
  test('the part after the last colon, split on dots, when it ends in a supported type', () => {
    assert.deepEqual(indicatorPath('http:files.sha256'), ['files', 'sha256'])
    assert.deepEqual(indicatorPath('a:b:dst.ip'), ['dst', 'ip'])
    assert.deepEqual(indicatorPath('domain'), ['domain'])
    assert.equal(indicatorPath('http:uri.uri'), undefined)
    assert.equal(indicatorPath('dst.IP'), undefined)
  })
})

describe('walkPath', () => {
  test('a missing key yields nothing', () => {
    assert.deepEqual(walkPath({ src: {} }, ['src', 'ip']), [])
    assert.deepEqual(walkPath({ src: 'x' }, ['src', 'ip']), [])
  })

  test('a list met at any step, the last included, is walked one level deep', () => {
    const event = {
      files: [{ sha256: 'a' }, { sha256: ['b', ['c']] }, [{ sha256: 'd' }]],
      query: { domain: ['e', 'f'] },
    }
    assert.deepEqual(walkPath(event, ['files', 'sha256']), ['a', 'b', ['c']])
    assert.deepEqual(walkPath(event, ['query', 'domain']), ['e', 'f'])
  })

  test('values compare as strings; objects, lists, null and booleans never match', () => {
    assert.equal(comparable('10.0.0.1'), '10.0.0.1')
    assert.equal(comparable(42), '42')
    for (const value of [null, true, {}, ['x']]) assert.equal(comparable(value), undefined)
  })
})
