// esbuild plugin for the deployable bundles: leaves out code the relay never runs, which every
// cold start would otherwise parse and partly evaluate.
// - `import ... from 'undici'` gets only the parts the relay uses (Pool, the request API, the
//   global Agent, errors). undici's index also loads fetch, WebSocket, EventSource, the cache
//   stores and the mocks: about two thirds of its bundled size. A name the shim lacks fails the
//   build ("No matching export").
// - Fastify's Ajv and fast-json-stringify compilers become stubs: the app hands Fastify its own
//   compiler factories (src/http/no-schema-compilers.ts), so Fastify never requires them.
// - `semver` is the three functions Fastify's plugin checks call, not the whole package index.
// - undici's HTTP/2 client is left out: the relay's pools never allow h2, and requiring it loads
//   Node's http2 module (about 3 ms of every cold start).
// Sources, tests and tsx keep the full packages.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

const SHIM = `
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js'
import Pool from 'undici/lib/dispatcher/pool.js'
import Agent from 'undici/lib/dispatcher/agent.js'
import api from 'undici/lib/api/index.js'
import errors from 'undici/lib/core/errors.js'
import { getGlobalDispatcher, setGlobalDispatcher } from 'undici/lib/global.js'

// As undici's index does: every dispatcher gets request(), stream() and the rest.
Object.assign(Dispatcher.prototype, api)

/** undici's top-level request(url, options): the given dispatcher, else the global one. */
function request(url, options = {}) {
  const { dispatcher = getGlobalDispatcher(), ...rest } = options
  const target = typeof url === 'string' ? new URL(url) : url
  return dispatcher.request({
    ...rest,
    origin: target.origin,
    path: target.pathname + target.search,
    method: rest.method ?? 'GET',
  })
}

export { Agent, Dispatcher, Pool, errors, getGlobalDispatcher, request, setGlobalDispatcher }
`

const UNUSED_COMPILER = `
module.exports = function unusedSchemaCompiler() {
  throw new TypeError('gti-relay bundles leave out Fastify schema compilers')
}
`

const SEMVER = `
module.exports = {
  coerce: require('semver/functions/coerce'),
  gt: require('semver/functions/gt'),
  satisfies: require('semver/functions/satisfies'),
}
`

const NO_HTTP2 = `
module.exports = function connectH2() {
  throw new TypeError('gti-relay bundles leave out the HTTP/2 client (allowH2 is never set)')
}
`

const STUBS = {
  undici: SHIM,
  '@fastify/ajv-compiler': UNUSED_COMPILER,
  '@fastify/fast-json-stringify-compiler': UNUSED_COMPILER,
  semver: SEMVER,
}

const SPECIFIERS = new RegExp(
  `^(${Object.keys(STUBS)
    .map((name) => name.replace(/[/.]/g, '\\$&'))
    .join('|')})$`,
)

/** Resolves the specifiers named in STUBS to the modules above. */
export const leanBundle = {
  name: 'lean-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
      /[\\/]undici[\\/]lib[\\/]dispatcher$/.test(args.resolveDir)
        ? { path: 'undici-client-h2', namespace: 'lean-bundle-h2' }
        : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'lean-bundle-h2' }, () => ({
      contents: NO_HTTP2,
      loader: 'js',
    }))
    build.onResolve({ filter: SPECIFIERS }, (args) => ({
      path: args.path,
      namespace: 'lean-bundle',
    }))
    build.onLoad({ filter: /.*/, namespace: 'lean-bundle' }, (args) => ({
      contents: STUBS[args.path],
      loader: 'js',
      resolveDir: root,
    }))
  },
}
