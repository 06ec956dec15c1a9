/**
 * template.yaml (SAM), checked offline with AWS's own validator and against the relay's settings.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

const isCi = () =>
  process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false'

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

  test("sam build runs the Makefile's target for the function, and the handler names its output", () => {
    const fn = model.resources().RelayFunction!
    const metadata = fn.metadata as { BuildMethod: string }
    assert.equal(metadata.BuildMethod, 'makefile')
    const props = fn.properties as Record<string, unknown>
    // SAM looks for the Makefile in CodeUri and runs `build-<logical id>`.
    assert.equal(concrete(props.CodeUri), './')
    const makefile = readFileSync(`${ROOT}Makefile`, 'utf8')
    assert.match(makefile, /^build-RelayFunction:/m)
    assert.match(makefile, /node scripts\/build\.mjs/)
    // The build's Lambda bundle is lambda/index.mjs; its export is `handler`.
    assert.equal(concrete(props.Handler), 'index.handler')
  })

  test('the Makefile target puts the Lambda bundle at the artifact root, and it answers', {
    // Skipped only off CI: on CI a missing make fails here, and `.ci/run` installs it.
    skip:
      spawnSync('make', ['--version']).status === 0 || isCi()
        ? false
        : 'make is not installed and CI is not set (scripts/ensure-make.sh installs it)',
  }, async () => {
    const artifacts = await mkdtemp(join(tmpdir(), 'gti-relay-sam-'))
    try {
      const built = spawnSync('make', ['-s', 'build-RelayFunction', `ARTIFACTS_DIR=${artifacts}`], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      })
      assert.equal(built.status, 0, built.stderr)
      const files = readdirSync(artifacts).sort()
      assert.ok(files.includes('index.mjs'), files.join(' '))
      assert.ok(
        files.some((file) => /^chunk-.*\.mjs$/.test(file)),
        'the lazily loaded chunks',
      )
      assert.deepEqual(
        files.filter(
          (file) => file.endsWith('.map') || file.startsWith('.') || file === 'node_modules',
        ),
        [],
        'no source maps, no build folder, no node_modules',
      )
      const script = [
        "const { handler } = await import('./index.mjs')",
        "const event = { version: '2.0', rawPath: '/version', headers: {},",
        "  requestContext: { domainName: 'a.example', stage: '$default', http: { method: 'POST', path: '/version' } } }",
        "process.stdout.write('RESULT ' + JSON.stringify(await handler(event, {})) + '\\n')",
      ].join('\n')
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: artifacts,
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error' },
        encoding: 'utf8',
        timeout: 60_000,
      })
      const result = run.stdout.split('\n').find((line) => line.startsWith('RESULT '))
      assert.ok(result, run.stdout + run.stderr)
      const response = JSON.parse(result.slice('RESULT '.length))
      assert.equal(response.statusCode, 200)
      assert.match(JSON.parse(response.body).version, /^\d+\.\d+\.\d+/)
    } finally {
      await rm(artifacts, { recursive: true, force: true })
    }
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
