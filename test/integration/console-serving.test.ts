/**
 * The browser console is served only when the `console` command turns it on:
 * the normal server and the Lambda handler answer /console with the 404 JSON
 * envelope; a console-enabled relay serves the page on loopback names only,
 * with a strict content policy, and nothing outside its assets folder.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { relayEnvFor } from '../../src/cli/relay-env-lines.ts'
import { buildConsoleAssets } from '../../src/console/build-console-assets.ts'
import type { LambdaHttpEvent, LambdaHttpResponse } from '../../src/lambda/lambda-event.ts'
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.ts'
import { type ConsoleRun, startConsoleRun } from '../support/console-run.ts'
import { type Harness, startHarness } from '../support/relay-harness.ts'

type Handler = (event: LambdaHttpEvent, context: unknown) => Promise<LambdaHttpResponse>

const PATHS = [
  '/console',
  '/console/',
  '/console/index.html',
  '/console/console.js',
  '/console/config.json',
]

/** GET `path` with an explicit Host header (fetch may not set one). */
function get(
  url: string,
  path: string,
  host?: string,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path,
        method: 'GET',
        headers: host ? { host } : {},
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end()
  })
}

function assertNotFoundEnvelope(status: number, text: string, what: string): void {
  assert.equal(status, 404, what)
  const body = JSON.parse(text)
  assert.equal(body.errors?.[0]?.code, 'not found', what)
  assert.equal(body.data, undefined, what)
}

describe('the console is off unless the console command turns it on', () => {
  let harness: Harness

  before(async () => {
    harness = await startHarness()
  })
  after(async () => {
    await harness.close()
  })

  test('the normal server answers /console with the 404 JSON envelope', async () => {
    for (const path of PATHS) {
      const res = await get(harness.relayUrl, path)
      assertNotFoundEnvelope(res.status, res.text, path)
    }
  })
})

describe('the Lambda handler never serves the console', () => {
  let sim: RunningSimulator
  let handler: Handler
  const saved: Record<string, string | undefined> = {}

  before(async () => {
    sim = await startSimulator()
    // The Lambda entry parses process.env when imported; the values are put back after the suite.
    const env = { ...relayEnvFor(sim.urls), LOG_LEVEL: 'error' }
    for (const name of Object.keys(env)) saved[name] = process.env[name]
    Object.assign(process.env, env)
    ;({ handler } = (await import('../../src/entry/lambda.ts')) as { handler: Handler })
  })
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await sim.close()
  })

  test('GET /console through a Function URL event answers the 404 JSON envelope', async () => {
    const host = 'abc123.lambda-url.eu-west-1.on.aws'
    for (const path of PATHS) {
      const response = await handler(
        {
          version: '2.0',
          routeKey: '$default',
          rawPath: path,
          rawQueryString: '',
          headers: { host, 'x-forwarded-proto': 'https' },
          requestContext: {
            accountId: '123456789012',
            apiId: 'abc123',
            domainName: host,
            domainPrefix: 'abc123',
            http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.10' },
            requestId: 'console-probe',
            routeKey: '$default',
            stage: '$default',
            timeEpoch: 0,
          },
          isBase64Encoded: false,
        } as LambdaHttpEvent,
        { awsRequestId: 'console-probe', functionName: 'gti-relay-test' },
      )
      const text = response.isBase64Encoded
        ? Buffer.from(response.body, 'base64').toString('utf8')
        : response.body
      assertNotFoundEnvelope(response.statusCode, text, path)
    }
  })
})

describe('gti-relay console serves the page on loopback only', () => {
  let assets: string
  let run: ConsoleRun

  before(async () => {
    assets = await mkdtemp(join(tmpdir(), 'gti-relay-console-assets-'))
    await buildConsoleAssets(assets)
    // A file the relay must not serve: only known asset types are.
    await writeFile(join(assets, 'secret.txt'), 'not for the browser')
    run = await startConsoleRun(['--assets', assets])
  })
  after(async () => {
    assert.equal(await run.stop(), 0)
    await rm(assets, { recursive: true, force: true })
  })

  test('the printed URL is a loopback /console URL with a token in its fragment', () => {
    assert.match(run.pageUrl, /^http:\/\/127\.0\.0\.1:\d+\/console$/)
    assert.match(run.token, /^[\w-]+\.[\w-]+\.[\w-]+$/)
  })

  test('the page, its script and its config are served with a strict content policy', async () => {
    const page = await get(run.relayUrl, '/console')
    assert.equal(page.status, 200)
    assert.match(String(page.headers['content-type']), /^text\/html/)
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/)
    assert.match(page.text, /<script type="module" src="\/console\/console.js">/)
    const script = await get(run.relayUrl, '/console/console.js')
    assert.equal(script.status, 200)
    assert.match(String(script.headers['content-type']), /^text\/javascript/)
    const config = JSON.parse((await get(run.relayUrl, '/console/config.json')).text)
    assert.ok(config.samples.length > 0)
    for (const sample of config.samples) assert.equal(typeof sample.value, 'string')
    assert.ok(!JSON.stringify(config).includes(run.token), 'no token in the config')
  })

  test('other files, traversal and a non-loopback Host get the 404 envelope', async () => {
    for (const path of [
      '/console/secret.txt',
      '/console/..%2Fpackage.json',
      '/console/nothing.js',
    ]) {
      const res = await get(run.relayUrl, path)
      assertNotFoundEnvelope(res.status, res.text, path)
    }
    const port = new URL(run.relayUrl).port
    const rebound = await get(run.relayUrl, '/console', `attacker.example:${port}`)
    assertNotFoundEnvelope(rebound.status, rebound.text, 'foreign Host')
    const localhost = await get(run.relayUrl, '/console', `localhost:${port}`)
    assert.equal(localhost.status, 200)
  })
})

describe('npm run demo -- --console', () => {
  test('starts the same console', async () => {
    const assets = await mkdtemp(join(tmpdir(), 'gti-relay-console-assets-'))
    try {
      await buildConsoleAssets(assets)
      const run = await startConsoleRun(['--assets', assets], 'demo')
      try {
        const page = await get(run.relayUrl, '/console')
        assert.equal(page.status, 200)
        assert.match(page.text, /gti-relay console/)
      } finally {
        assert.equal(await run.stop(), 0)
      }
    } finally {
      await rm(assets, { recursive: true, force: true })
    }
  })
})

describe('the relay bundles carry no page code', () => {
  test('npm run build output has none of the console page, and no console assets', async () => {
    const out = await mkdtemp(join(tmpdir(), 'gti-relay-console-bundle-'))
    try {
      const script = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url))
      await promisify(execFile)(process.execPath, [script, out], { timeout: 120_000 })
      for (const folder of ['server', 'lambda']) {
        const files = await readdir(join(out, folder))
        assert.ok(
          !files.some((name) => /\.(html|css)$/.test(name)),
          `${folder}: ${files.join(', ')}`,
        )
        const code = await readFile(join(out, folder, 'index.mjs'), 'utf8')
        // Marks of the browser code: DOM building, the confirmation dialog, the graph layout.
        for (const mark of ['createElementNS', 'showModal', 'Run this response action?']) {
          assert.ok(!code.includes(mark), `${folder} bundle holds ${mark}`)
        }
      }
    } finally {
      await rm(out, { recursive: true, force: true })
    }
  })
})
