/**
 * The soak's traffic mix: each kind of request, its weight, and the answers
 * it may get. Anything else is unexpected.
 */
import type { SampleObservable } from '../src/simulator/index.ts'

/** Tokens a soak request may carry. */
export interface SoakTokens {
  valid: string
  /** A valid token for another API key, so a 429 it meets holds back no other lane. */
  throttled: string
  wrongAudience: string
  expired: string
}

/** What a kind of request must be answered with. */
export type Expectation =
  /** HTTP 200, JSON, `data` present, no `errors` (or only `allowed` warnings). */
  | { ok: true; allowed?: readonly string[] }
  /** HTTP 200, JSON, `errors` present and every code among `codes`. */
  | { ok: false; codes: readonly string[] }

/** One kind of request. */
export interface SoakKind {
  name: string
  weight: number
  path: '/observe/observables' | '/refer/observables'
  /** The raw body and the bearer token (undefined: no Authorization header). */
  build(pick: <T>(list: readonly T[]) => T, tokens: SoakTokens): { body: string; token?: string }
  expect: Expectation
}

const json = (value: unknown): string => JSON.stringify(value)
const fault = (name: string): SampleObservable => ({ type: 'domain', value: `${name}.fault.test` })

/** The mix over the given valid observables. */
export function soakKinds(valid: readonly SampleObservable[]): SoakKind[] {
  const observe = '/observe/observables' as const
  const single = (pick: <T>(list: readonly T[]) => T) => [pick(valid)]
  const several = (pick: <T>(list: readonly T[]) => T) =>
    Array.from({ length: 5 }, () => pick(valid))
  const faulty = (name: string, codes: readonly string[], weight = 2): SoakKind => ({
    name: `fault ${name}`,
    weight,
    path: observe,
    build: (_pick, tokens) => ({
      body: json([fault(name)]),
      token: name === 'http-429' ? tokens.throttled : tokens.valid,
    }),
    expect: { ok: false, codes },
  })
  return [
    {
      name: 'observe 1',
      weight: 20,
      path: observe,
      build: (pick, tokens) => ({ body: json(single(pick)), token: tokens.valid }),
      expect: { ok: true },
    },
    {
      name: 'observe 5',
      weight: 10,
      path: observe,
      build: (pick, tokens) => ({ body: json(several(pick)), token: tokens.valid }),
      expect: { ok: true },
    },
    {
      name: 'refer',
      weight: 10,
      path: '/refer/observables',
      build: (pick, tokens) => ({ body: json(several(pick)), token: tokens.valid }),
      expect: { ok: true },
    },
    {
      // A failing observable next to a good one costs only itself: data plus a warning.
      name: 'observe good+500',
      weight: 4,
      path: observe,
      build: (pick, tokens) => ({
        body: json([pick(valid), fault('http-500')]),
        token: tokens.valid,
      }),
      expect: { ok: true, allowed: ['service unavailable', 'unexpected response'] },
    },
    {
      name: 'bad json',
      weight: 3,
      path: observe,
      build: (_pick, tokens) => ({ body: '[{"type": "ip", "value": ', token: tokens.valid }),
      expect: { ok: false, codes: ['invalid argument'] },
    },
    {
      name: 'object payload',
      weight: 3,
      path: observe,
      build: (pick, tokens) => ({ body: json(pick(valid)), token: tokens.valid }),
      expect: { ok: false, codes: ['invalid argument'] },
    },
    {
      name: 'blank value',
      weight: 3,
      path: observe,
      build: (_pick, tokens) => ({
        body: json([{ type: 'ip', value: '  ' }]),
        token: tokens.valid,
      }),
      expect: { ok: false, codes: ['invalid argument'] },
    },
    {
      name: 'token garbage',
      weight: 2,
      path: observe,
      build: (pick) => ({ body: json(single(pick)), token: 'not.a.jwt' }),
      expect: { ok: false, codes: ['authorization error'] },
    },
    {
      name: 'token wrong aud',
      weight: 2,
      path: observe,
      build: (pick, tokens) => ({ body: json(single(pick)), token: tokens.wrongAudience }),
      expect: { ok: false, codes: ['authorization error'] },
    },
    {
      name: 'token expired',
      weight: 2,
      path: observe,
      build: (pick, tokens) => ({ body: json(single(pick)), token: tokens.expired }),
      expect: { ok: false, codes: ['authorization error'] },
    },
    {
      name: 'no token',
      weight: 1,
      path: '/refer/observables',
      build: (pick) => ({ body: json(single(pick)) }),
      expect: { ok: false, codes: ['authorization error'] },
    },
    faulty('http-500', ['service unavailable']),
    faulty('malformed-json', ['unexpected response']),
    faulty('reset', ['connection error']),
    faulty('hang', ['gateway timeout'], 1),
    faulty('http-429', ['too many requests', 'gateway timeout'], 1),
  ]
}
