/**
 * template.yaml (SAM), checked offline with AWS's own validator and against the relay's settings.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { basename, extname } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { RegoEngine, TemplateFile, TemplateModel } from '@aws/cloudformation-validate'
import { parseSettings, REGION_DEFAULTS } from '../../src/config/settings.ts'

const TEMPLATE = fileURLToPath(new URL('../../template.yaml', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The plain value of a resolved property (`{ Concrete: { value } }`), else undefined. */
function concrete(property: unknown): unknown {
  return (property as { Concrete?: { value: unknown } } | undefined)?.Concrete?.value
}

describe('template.yaml', () => {
  let model: TemplateModel

  before(() => {
    model = new TemplateModel(new TemplateFile(TEMPLATE))
  })

  after(() => {
    model.free()
  })

  test('the offline validator finds nothing at error level', (t) => {
    const engine = new RegoEngine()
    try {
      const report = engine.validateStandard(new TemplateFile(TEMPLATE), { severityLevel: 'WARN' })
      const shown = report.diagnostics.map(
        (d) => `[${d.severity}] ${d.ruleId} line ${d.startLine ?? '?'}: ${d.message}`,
      )
      for (const line of shown) t.diagnostic(line)
      const errors = report.diagnostics.filter(
        (d) => d.severity === 'ERROR' || d.severity === 'FATAL',
      )
      assert.deepEqual(
        errors.map((d) => `${d.ruleId}: ${d.message}`),
        [],
      )
    } finally {
      engine.free()
    }
  })

  test('the function: nodejs22.x, arm64, 512 MB, a timeout between the relay deadline and 29 s', () => {
    const fn = model.resources().RelayFunction
    assert.ok(fn, 'RelayFunction exists')
    assert.equal(fn.resourceType, 'AWS::Serverless::Function')
    const props = fn.properties as Record<string, unknown>
    assert.equal(concrete(props.Runtime), 'nodejs22.x')
    assert.deepEqual(concrete(props.Architectures), ['arm64'])
    assert.equal(concrete(props.MemorySize), 512)
    const timeoutS = concrete(props.Timeout) as number
    assert.ok(
      timeoutS * 1000 > parseSettings({}).limits.requestTimeoutMs,
      'above REQUEST_TIMEOUT_MS',
    )
    assert.ok(timeoutS < 29, "below API Gateway's 29 s integration limit")
    assert.deepEqual(concrete(props.Events), {
      Relay: {
        Type: 'HttpApi',
        Properties: { Path: '/{proxy+}', Method: 'ANY', PayloadFormatVersion: '2.0' },
      },
    })
  })

  test('sam build bundles src/entry/lambda.ts as ESM and the handler names its output', () => {
    const fn = model.resources().RelayFunction!
    const metadata = fn.metadata as { BuildMethod: string; BuildProperties: Record<string, any> }
    assert.equal(metadata.BuildMethod, 'esbuild')
    const build = metadata.BuildProperties
    assert.deepEqual(build.EntryPoints, ['src/entry/lambda.ts'])
    const entryPoint = String(build.EntryPoints[0])
    assert.ok(existsSync(`${ROOT}${entryPoint}`), 'the entry point exists')
    assert.equal(build.Format, 'esm')
    assert.deepEqual(build.OutExtension, ['.js=.mjs'])
    assert.match(build.Banner[0], /^js=import \{ createRequire \} from 'node:module'/)
    assert.match(build.Banner[0], /const require = createRequire\(import\.meta\.url\)/)
    assert.equal(build.Target, 'node22')
    assert.equal(build.Minify, true)
    assert.equal(build.Sourcemap, false, 'source maps slow every cold start')
    // esbuild names a single entry's output after the entry file; the export is `handler`.
    const entry = basename(entryPoint, extname(entryPoint))
    assert.equal(concrete((fn.properties as Record<string, unknown>).Handler), `${entry}.handler`)
  })

  test('every parameter value the template allows is a setting the relay accepts', () => {
    const params = model.parameters()
    assert.deepEqual(
      [...(params.GtiRegion?.allowedValues ?? [])].sort(),
      Object.keys(REGION_DEFAULTS).sort(),
    )
    for (const region of params.GtiRegion!.allowedValues!) {
      assert.equal(parseSettings({ GTI_REGION: region }).region, region)
    }
    for (const level of params.LogLevel!.allowedValues!) {
      assert.equal(parseSettings({ LOG_LEVEL: level }).logLevel, level)
    }
    const hosts = parseSettings({ JWKS_ALLOWED_HOSTS: params.JwksAllowedHosts!.default! })
    assert.deepEqual(hosts.auth.allowedJwksHosts, parseSettings({}).auth.allowedJwksHosts)
    assert.equal(params.RelayPublicUrl?.default, '')
    const url = parseSettings({ RELAY_PUBLIC_URL: 'https://relay.example.com/xdr/' })
    assert.equal(url.auth.publicUrl, 'https://relay.example.com/xdr')
    assert.deepEqual([...(params.EnableFunctionUrl?.allowedValues ?? [])].sort(), ['false', 'true'])
  })

  test('outputs: the URL to register, the HTTP API URL and the Function URL when enabled', () => {
    const outputs = model.outputs()
    assert.ok(outputs.RelayUrl, 'RelayUrl')
    assert.ok(outputs.HttpApiUrl, 'HttpApiUrl')
    assert.equal(outputs.FunctionUrl?.condition, 'HasFunctionUrl')
    for (const id of [
      'RelayFunctionUrl',
      'RelayFunctionUrlInvokeUrl',
      'RelayFunctionUrlInvokeFunction',
    ]) {
      assert.equal(model.resources()[id]?.condition, 'HasFunctionUrl', id)
    }
  })
})
