import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { guessType, parseObservableInput } from './parse-input.ts'

describe('parseObservableInput', () => {
  test('reads "type value" lines and guesses bare IPs, hashes and domains', () => {
    const { observables, rejected } = parseObservableInput(
      [
        'ip 10.0.0.1',
        '  ',
        '45.77.51.101',
        '2001:db8::1',
        'd41d8cd98f00b204e9800998ecf8427e',
        'da39a3ee5e6b4b0d3255bfef95601890afd80709',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'securecorp.club',
        'URL http://a.example/x y',
        'what is this',
      ].join('\n'),
    )
    assert.deepEqual(observables, [
      { type: 'ip', value: '10.0.0.1' },
      { type: 'ip', value: '45.77.51.101' },
      { type: 'ip', value: '2001:db8::1' },
      { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      { type: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
      { type: 'sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
      { type: 'domain', value: 'securecorp.club' },
      { type: 'url', value: 'http://a.example/x y' },
    ])
    assert.deepEqual(rejected, ['what is this'])
  })

  test('a word without a dot is no domain', () => {
    assert.equal(guessType('localhost'), undefined)
  })

  test('every non-blank line is either read or rejected, never both', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { maxLength: 10 }), (lines) => {
        const { observables, rejected } = parseObservableInput(lines.join('\n'))
        const nonBlank = lines
          .join('\n')
          .split('\n')
          .filter((line) => line.trim() !== '')
        assert.equal(observables.length + rejected.length, nonBlank.length)
        for (const observable of observables) assert.notEqual(observable.value.trim(), '')
      }),
    )
  })
})
