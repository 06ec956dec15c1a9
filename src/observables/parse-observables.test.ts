import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { RelayError } from '../errors/relay-error.ts'
import { invalidValueReason, parseObservables } from './parse-observables.ts'

describe('parseObservables', () => {
  test('refuses anything but an array of {type, value} with non-empty strings', () => {
    const bad: unknown[] = [
      undefined,
      null,
      {},
      { type: 'ip', value: '1.1.1.1' },
      'x',
      [null],
      [[]],
      [{ type: 'ip' }],
      [{ value: '1.1.1.1' }],
      [{ type: '', value: '1.1.1.1' }],
      [{ type: 'ip', value: '   ' }],
      [{ type: 'ip', value: 5 }],
      [{ type: null, value: '1.1.1.1' }],
    ]
    for (const payload of bad) {
      assert.throws(
        () => parseObservables(payload, 1000),
        (error: unknown) => error instanceof RelayError && error.code === 'invalid argument',
        JSON.stringify(payload) ?? 'undefined',
      )
    }
  })

  test('names the problem', () => {
    assert.throws(
      () =>
        parseObservables(
          [
            { type: 'ip', value: '1.1.1.1' },
            { type: 'ip', value: '' },
          ],
          10,
        ),
      /observable 1: "value" must be a non-empty string, got blank/,
    )
    assert.throws(
      () => parseObservables({ a: 1 }, 10),
      /expected an array of observables, got an object/,
    )
  })

  test('refuses more than the limit', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ type: 'ip', value: `10.0.0.${i}` }))
    assert.throws(() => parseObservables(many, 10), /11 observables exceed the limit of 10/)
    assert.equal(parseObservables(many.slice(0, 10), 10).observables.length, 10)
  })

  test('drops unsupported types silently, dedupes, keeps order and extra keys are ignored', () => {
    const parsed = parseObservables(
      [
        { type: 'url', value: 'http://x' },
        { type: 'domain', value: 'b.example' },
        { type: 'ip', value: '1.1.1.1', extra: true },
        { type: 'domain', value: 'b.example' },
        { type: 'IP', value: '2.2.2.2' },
        { type: 'sha1', value: 'ae4149f9e0fc3ea69a2eb3855c01f1d26758c3d1' },
      ],
      100,
    )
    assert.deepEqual(parsed.observables, [
      { type: 'domain', value: 'b.example' },
      { type: 'ip', value: '1.1.1.1' },
      { type: 'sha1', value: 'ae4149f9e0fc3ea69a2eb3855c01f1d26758c3d1' },
    ])
    assert.deepEqual(parsed.warnings, [])
  })

  test('skips invalid values with a warning that names them', () => {
    const parsed = parseObservables(
      [
        { type: 'ip', value: '999.1.1.1' },
        { type: 'md5', value: 'abc' },
        { type: 'sha256', value: 'z'.repeat(64) },
        { type: 'domain', value: "bad domain'" },
        { type: 'domain', value: 'ok.example\u0000' },
        { type: 'ip', value: '2001:db8::1' },
        { type: 'domain', value: 'bücher.example' },
      ],
      100,
    )
    assert.deepEqual(parsed.observables, [
      { type: 'ip', value: '2001:db8::1' },
      { type: 'domain', value: 'bücher.example' },
    ])
    assert.equal(parsed.warnings.length, 5)
    for (const warning of parsed.warnings) {
      assert.equal(warning.code, 'invalid argument')
    }
    assert.match(parsed.warnings[0]?.message ?? '', /ip "999\.1\.1\.1".*not an IPv4 or IPv6/)
    assert.match(parsed.warnings[4]?.message ?? '', /control characters/)
  })

  test('no accepted value carries a quote, backslash or control character into IQL (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ip', 'domain', 'md5', 'sha1', 'sha256'),
        fc.string({ unit: 'binary', maxLength: 70 }),
        (type, value) => {
          const reason = invalidValueReason(type, value)
          // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
          if (reason === undefined) assert.doesNotMatch(value, /['"\\\u0000-\u001f\s]/)
        },
      ),
    )
  })
})
