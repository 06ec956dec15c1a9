import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { formatReferAnswer } from './format-refer.ts'

describe('refer summary', () => {
  test('one aligned "title → url" line per link', () => {
    const answer = {
      data: [
        { title: 'Search for this IP', url: 'https://portal.example/search?query=1.2.3.4' },
        { title: 'Search for this domain', url: 'https://portal.example/search?query=a.example' },
      ],
    }
    assert.deepEqual(formatReferAnswer(answer), [
      'Links (2)',
      '  Search for this IP     → https://portal.example/search?query=1.2.3.4',
      '  Search for this domain → https://portal.example/search?query=a.example',
    ])
  })

  test('no links, then the errors', () => {
    const answer = { errors: [{ code: 'invalid argument', message: 'bad', type: 'fatal' }] }
    assert.deepEqual(formatReferAnswer(answer), [
      'No links.',
      '',
      'Errors',
      '  fatal  invalid argument  bad',
    ])
  })
})
