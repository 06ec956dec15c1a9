/**
 * The deployable bundles (`npm run build`) run from a folder without node_modules: the server
 * bundle as a process, the Lambda bundle as an imported module.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { relayEnvFor } from '../../src/cli/relay-env-lines.ts'
import { sampleObservables, startSimulator } from '../../src/simulator/index.ts'
import { spawnRelay } from '../support/child-process.ts'
import { freePort } from '../support/free-port.ts'
import { redisSkipReason, startRedisServer } from '../support/redis-server.ts'

const run = promisify(execFile)
const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url))
const DOCKERFILE = fileURLToPath(new URL('../../Dockerfile', import.meta.url))

/** The arguments after `node` of the Dockerfile's HEALTHCHECK command (exec form). */
function healthCheckArgs(): string[] {
  const line = readFileSync(DOCKERFILE, 'utf8')
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text.startsWith('CMD ["node", "-e"'))
  assert.ok(line, 'the HEALTHCHECK command line')
  return (JSON.parse(line.slice('CMD '.length)) as string[]).slice(1)
}

/** Probe-script lines declaring `event`: a payload 2.0 `POST /version`, which needs no token. */
const VERSION_EVENT = [
  'const event = {',
  "  version: '2.0', rawPath: '/version', rawQueryString: '', headers: {},",
  "  requestContext: { domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',",
  "    stage: '$default', http: { method: 'POST', path: '/version' } },",
  '  isBase64Encoded: false,',
  '}',
]

describe('bundles', () => {
  let work: string
  let out: string

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'gti-relay-bundle-'))
    out = join(work, 'dist')
    // Built into a temporary folder, so a concurrent `npm run build` is never disturbed.
    await run(process.execPath, [BUILD_SCRIPT, out], { timeout: 120_000 })
  })

  after(async () => {
    await rm(work, { recursive: true, force: true })
  })

  // The entry file and the chunk files beside it (code split off for lazy imports), and
  // nothing else: no node_modules, no package.json.
  async function isolate(bundle: string, name: string): Promise<string> {
    const dir = join(work, name)
    await mkdir(dir)
    await copyFile(join(out, bundle), join(dir, 'index.mjs'))
    const folder = dirname(join(out, bundle))
    for (const file of await readdir(folder)) {
      if (/^chunk-.*\.mjs$/.test(file)) await copyFile(join(folder, file), join(dir, file))
    }
    return dir
  }

  test('the server bundle serves /version and /watchdog, then stops on SIGTERM', async () => {
    const dir = await isolate('server/index.mjs', 'server')
    const port = await freePort()
    const relay = spawnRelay(['index.mjs'], { PORT: String(port), HOST: '127.0.0.1' }, dir)
    try {
      await relay.waitForLine((line) => line.msg === 'gti-relay listening')
      const base = `http://127.0.0.1:${port}`

      const version = await fetch(`${base}/version`, { method: 'POST' })
      assert.equal(version.status, 200)
      assert.match(((await version.json()) as { version: string }).version, /^\d+\.\d+\.\d+/)

      const watchdog = await fetch(`${base}/watchdog`, { headers: { 'Health-Check': '1' } })
      assert.equal(watchdog.status, 200)
      assert.deepEqual(await watchdog.json(), { data: '1' })

      // The image's HEALTHCHECK command, run as Docker would inside the container.
      const check = await run(process.execPath, healthCheckArgs(), {
        env: { PATH: process.env.PATH ?? '', PORT: String(port) },
        timeout: 30_000,
      }).then(
        () => 0,
        (error: { code?: number }) => error.code ?? 1,
      )
      assert.equal(check, 0, 'the HEALTHCHECK command succeeds against the running bundle')

      relay.child.kill('SIGTERM')
      assert.equal(await relay.exited, 0, relay.stderr())
    } finally {
      relay.kill()
    }
  })

  test('the Lambda bundle imports and answers a payload 2.0 /version event', async () => {
    const dir = await isolate('lambda/index.mjs', 'lambda')
    const script = [
      "const { handler } = await import('./index.mjs')",
      ...VERSION_EVENT,
      "process.stdout.write('RESULT ' + JSON.stringify(await handler(event, {})) + '\\n')",
    ].join('\n')
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error' },
      timeout: 60_000,
    })
    const result = stdout.split('\n').find((line) => line.startsWith('RESULT '))
    assert.ok(result, stdout)
    const response = JSON.parse(result.slice('RESULT '.length))
    assert.equal(response.statusCode, 200)
    assert.match(JSON.parse(response.body).version, /^\d+\.\d+\.\d+/)
  })

  // The bundles carry a trimmed undici and no schema compilers (scripts/lean-bundle.mjs): this
  // drives the key download, the token check and the upstream calls through the bundled code.
  test('the Lambda bundle answers an observe event with a token against the simulator', async () => {
    const dir = await isolate('lambda/index.mjs', 'lambda-observe')
    const sim = await startSimulator()
    try {
      const domainName = 'abc123.execute-api.eu-west-1.amazonaws.com'
      const token = await sim.signToken({ aud: `https://${domainName}`, key: sim.apiKey })
      const observables = sampleObservables(sim.dataset, 1)
      const event = {
        version: '2.0',
        rawPath: '/observe/observables',
        rawQueryString: '',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requestContext: {
          domainName,
          stage: '$default',
          http: { method: 'POST', path: '/observe/observables' },
        },
        body: JSON.stringify(observables),
        isBase64Encoded: false,
      }
      await writeFile(join(dir, 'event.json'), JSON.stringify(event))
      const script = [
        "const { readFileSync } = await import('node:fs')",
        "const { handler } = await import('./index.mjs')",
        "const event = JSON.parse(readFileSync('./event.json', 'utf8'))",
        "process.stdout.write('RESULT ' + JSON.stringify(await handler(event, {})) + '\\n')",
        'process.exit(0)',
      ].join('\n')
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          LOG_LEVEL: 'error',
          ...relayEnvFor(sim.urls),
        },
        timeout: 60_000,
      })
      const result = stdout.split('\n').find((line) => line.startsWith('RESULT '))
      assert.ok(result, stdout)
      const response = JSON.parse(result.slice('RESULT '.length))
      assert.equal(response.statusCode, 200)
      const body = JSON.parse(response.body)
      assert.equal(body.errors, undefined, response.body)
      assert.ok(body.data.sightings.count > 0, 'the sample observable has sightings')
      assert.ok(sim.stats().total >= 2, 'detections and events were asked upstream')
    } finally {
      await sim.close()
    }
  })
  // The Redis client is a chunk of its own, read only when REDIS_URL is set: without it the
  // Lambda bundle never loads it; with it, the chunk beside index.mjs connects to a real Redis.
  test('the Lambda bundle keeps the Redis client out of index.mjs and loads its chunk with REDIS_URL', {
    skip: redisSkipReason(),
  }, async () => {
    const entry = readFileSync(join(out, 'lambda/index.mjs'), 'utf8')
    assert.ok(!entry.includes('FT.SEARCH'), 'index.mjs does not carry the Redis client')
    assert.match(entry, /import\("\.\/chunk-[A-Z0-9]+\.mjs"\)/, 'a lazy import of a chunk file')
    const dir = await isolate('lambda/index.mjs', 'lambda-redis')
    const redis = await startRedisServer()
    const script = [
      "const { handler } = await import('./index.mjs')",
      ...VERSION_EVENT,
      "process.stdout.write(JSON.stringify({ msg: 'answered', response: await handler(event, {}) }) + '\\n')",
      // The test ends the process once it has seen both lines.
      'setTimeout(() => {}, 60_000)',
    ].join('\n')
    const child = spawnRelay(
      ['--input-type=module', '-e', script],
      { LOG_LEVEL: 'info', REDIS_URL: redis.url },
      dir,
    )
    try {
      const answered = await child.waitForLine((line) => line.msg === 'answered')
      assert.equal((answered.response as { statusCode: number }).statusCode, 200)
      await child.waitForLine((line) => line.msg === 'Redis connected: shared state on')
    } finally {
      child.kill()
      await redis.stop()
    }
  })

  test('a rebuild removes chunks no bundle has used for ten minutes, and keeps newer ones', async () => {
    const folder = join(out, 'lambda')
    const old = join(folder, 'chunk-OLDOLD01.mjs')
    const recent = join(folder, 'chunk-RECENT01.mjs')
    await writeFile(old, 'export {}\n')
    await writeFile(recent, 'export {}\n')
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000)
    await utimes(old, hourAgo, hourAgo)
    await run(process.execPath, [BUILD_SCRIPT, out], { timeout: 120_000 })
    const files = await readdir(folder)
    assert.ok(!files.includes('chunk-OLDOLD01.mjs'), 'an hour-old unused chunk is removed')
    // A process that imported the previous index.mjs may still load its chunks for a while.
    assert.ok(files.includes('chunk-RECENT01.mjs'), 'a recent unused chunk stays')
    assert.ok(files.includes('index.mjs'))
  })
})
