import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { admitBody, BodyRefusal, isValidMediaType } from './body-rules.ts'

function refusal(run: () => unknown): number | undefined {
  try {
    run()
    return undefined
  } catch (error) {
    assert.ok(error instanceof BodyRefusal)
    return error.statusCode
  }
}

describe('isValidMediaType', () => {
  test('wants type/subtype made of tokens, parameters aside', () => {
    for (const good of ['application/json', 'text/plain; charset=utf-8', ' a/b ', 'x/y;']) {
      assert.equal(isValidMediaType(good), true, good)
    }
    for (const bad of ['', 'json', 'application/', '/json', 'a b/c', 'a/b c', 'a/b/c(']) {
      assert.equal(isValidMediaType(bad), false, bad)
    }
  })
})

describe('admitBody', () => {
  const body = Buffer.from('[1]')

  test('a body method keeps its body; others get none', () => {
    assert.equal(admitBody('POST', 'application/json', body, 10), body)
    assert.equal(admitBody('GET', 'application/json', body, 10), undefined)
    assert.equal(admitBody('POST', undefined, Buffer.alloc(0), 10), undefined)
  })

  test('a malformed content type is 415, an oversized body 413, a bare QUERY 400', () => {
    assert.equal(
      refusal(() => admitBody('POST', 'json', undefined, 10)),
      415,
    )
    assert.equal(
      refusal(() => admitBody('PUT', undefined, Buffer.alloc(11), 10)),
      413,
    )
    assert.equal(
      refusal(() => admitBody('QUERY', undefined, body, 10)),
      400,
    )
    assert.equal(
      refusal(() => admitBody('POST', undefined, Buffer.alloc(10), 10)),
      undefined,
    )
  })
})
