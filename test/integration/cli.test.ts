/**
 * The `gti-relay` binary as child processes: the demo, the three-terminal flow
 * (simulate, serve, observe), tokens, `--local` lookups and exit codes.
 * Output is checked, never printed: it can hold tokens.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from 'jose'
import { type RelayProcess, spawnRelay } from '../support/child-process.ts'
import { freePort } from '../support/free-port.ts'

const BIN = fileURLToPath(new URL('../../bin/gti-relay.js', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the CLI to its end (killed after 30 s: a hang fails the test instead of the suite). */
function runBin(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

async function stop(child: RelayProcess | undefined): Promise<number | string | undefined> {
  if (child === undefined) return undefined
  child.child.kill('SIGINT')
  const timer = setTimeout(() => child.kill(), 10_000)
  const code = await child.exited
  clearTimeout(timer)
  return code
}

describe('gti-relay demo', () => {
  test('--once prints sightings, indicators and links, then exits 0', async () => {
    const run = await runBin(['demo', '--once'])
    assert.equal(run.code, 0, 'demo --once exit code')
    assert.ok(/^ip 45\.77\.51\.101 {2}\d+ sightings$/m.test(run.stdout), 'ip sightings heading')
    assert.ok(/^domain \S+ {2}\d+ sightings$/m.test(run.stdout), 'domain sightings heading')
    assert.ok(/^(md5|sha1|sha256) \S+ {2}\d+ sightings$/m.test(run.stdout), 'hash sightings')
    assert.ok(/^ {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}\S+/m.test(run.stdout), 'sighting lines')
    assert.ok(/^Indicators \(\d+\)\n {2}\S.* severity \w+ +confidence \w+$/m.test(run.stdout))
    assert.ok(/^ {2}Search for this IP +→ \S+search\?query=45\.77\.51\.101$/m.test(run.stdout))
    assert.ok(/^ {2}Active detections +\d+$/m.test(run.stdout), 'the dashboard tile')
    assert.ok(!run.stdout.includes('Bearer'), '--once prints no token')
    assert.ok(!/\n\s+at /.test(run.stderr), 'no stack trace')
  })
})

describe('three terminals: simulate, serve, observe', () => {
  let dir: string
  let keyFile: string
  let sim: RelayProcess | undefined
  let relay: RelayProcess | undefined
  let simUrl: string
  let relayUrl: string

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gti-relay-cli-'))
    keyFile = join(dir, 'key.json')
    sim = spawnRelay([BIN, 'simulate', '--port', '0', '--key-file', keyFile], {}, ROOT)
    await sim.waitForLine((line) => String(line.text).includes('Ctrl-C to stop'))
    const printed = sim.lines.map((line) => String(line.text)).join('\n')
    simUrl = /^ThreatINSIGHT simulator {2}(http:\/\/127\.0\.0\.1:\d+)$/m.exec(printed)?.[1] ?? ''
    assert.ok(simUrl !== '', 'simulate prints its URL')
    const env = Object.fromEntries(
      [...printed.matchAll(/^ {2}export ([A-Z_]+)=(\S+)$/gm)].map((match) => [match[1], match[2]]),
    ) as Record<string, string>
    assert.deepEqual(Object.keys(env).sort(), [
      'GTI_DETECTIONS_API_URL',
      'GTI_ENTITY_API_URL',
      'GTI_EVENTS_API_URL',
      'GTI_PORTAL_URL',
      'JWKS_URL',
    ])

    const port = await freePort()
    relayUrl = `http://127.0.0.1:${port}`
    relay = spawnRelay([BIN, 'serve', '--port', String(port)], env, ROOT)
    await relay.waitForLine((line) => line.msg === 'gti-relay listening')
  })

  after(async () => {
    try {
      assert.equal(await stop(relay), 0, 'serve stops gracefully on SIGINT')
      assert.equal(await stop(sim), 0, 'simulate stops on SIGINT')
    } finally {
      relay?.kill()
      sim?.kill()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('observe with a token minted by the simulator', async () => {
    const run = await runBin([
      'observe',
      'ip',
      '45.77.51.101',
      '--relay',
      relayUrl,
      '--simulator',
      simUrl,
    ])
    assert.equal(run.code, 0, `observe exit code; stderr: ${run.stderr}`)
    assert.ok(/^ip 45\.77\.51\.101 {2}\d+ sightings$/m.test(run.stdout), 'sightings heading')
    assert.ok(/^Indicators \(\d+\)$/m.test(run.stdout), 'indicators heading')
  })

  test('token signs with the shared key file; the relay accepts it', async () => {
    const minted = await runBin(['token', '--key-file', keyFile, '--aud', relayUrl, '--limit', '5'])
    assert.equal(minted.code, 0, 'token exit code')
    const token = minted.stdout.trim()
    assert.equal(minted.stdout, `${token}\n`, 'only the token is printed')
    assert.equal(token.split('.').length, 3, 'a compact JWS')
    const claims = decodeJwt(token)
    assert.equal(claims.aud, relayUrl)
    assert.equal(claims.CTR_ENTITIES_LIMIT, 5)
    const jwks = (await (await fetch(`${simUrl}/.well-known/jwks`)).json()) as JSONWebKeySet
    await jwtVerify(token, createLocalJWKSet(jwks), { audience: relayUrl })

    const run = await runBin(['refer', 'domain', 'securecorp.club', '--relay', relayUrl], {
      GTI_RELAY_TOKEN: token,
    })
    assert.equal(run.code, 0, 'refer with GTI_RELAY_TOKEN')
    assert.ok(/^ {2}Search for this domain → \S+query=securecorp\.club$/m.test(run.stdout))
  })

  test('token --simulator asks the running simulator', async () => {
    const minted = await runBin(['token', '--simulator', simUrl, '--aud', relayUrl])
    assert.equal(minted.code, 0, 'token exit code')
    assert.equal(decodeJwt(minted.stdout.trim()).aud, relayUrl)
  })

  test('a refused token is a fatal error: exit 1 with the reason', async () => {
    const run = await runBin(['observe', 'ip', '45.77.51.101', '--relay', relayUrl], {
      GTI_RELAY_TOKEN: 'not-a-jwt',
    })
    assert.equal(run.code, 1)
    assert.ok(/^ {2}fatal {2}authorization error {2}Authorization failed: /m.test(run.stdout))
  })
})

describe('lookups with --local', () => {
  test('tiles --local lists the five tiles; tile --local prints a table or JSON', async () => {
    const list = await runBin(['tiles', '--local'])
    assert.equal(list.code, 0, 'tiles --local exit code')
    assert.ok(
      /^ {2}gti-top-rules +horizontal_bar_chart +ThreatINSIGHT: top rules$/m.test(list.stdout),
    )
    const table = await runBin([
      'tile',
      'gti-detections-over-time',
      '--period',
      'last_24_hours',
      '--local',
    ])
    assert.equal(table.code, 0, 'tile --local exit code')
    assert.ok(/^ {2}Interval +Total +High +Moderate +Low +Other$/m.test(table.stdout))
    assert.ok((table.stdout.match(/^ {2}\d{4}-\d\d-\d\d \d\d:00 UTC /gm) ?? []).length >= 24)
    const json = await runBin(['tile', 'gti-top-devices', '--local', '--json'])
    assert.equal(json.code, 0)
    assert.equal(JSON.parse(json.stdout).data.period, 'last_7_days')
    const bad = await runBin(['tile', 'gti-top-devices', '--period', 'last_year'])
    assert.equal(bad.code, 2)
  })

  test('observe --local --json prints the raw bundle', async () => {
    const run = await runBin(['observe', '--local', '--json', 'ip', '45.77.51.101'])
    assert.equal(run.code, 0, 'observe --local exit code')
    const answer = JSON.parse(run.stdout)
    assert.ok(answer.data.sightings.count > 0, 'sightings')
    assert.ok(answer.data.indicators.count > 0, 'indicators')
    assert.equal(answer.errors, undefined)
  })

  test('refer --local prints one link per observable', async () => {
    const run = await runBin(['refer', '--local', 'ip', '45.77.51.101', '2001:db8::1'])
    assert.equal(run.code, 0, 'refer --local exit code')
    assert.ok(run.stdout.startsWith('Links (2)\n'), 'two links')
    assert.ok(run.stdout.includes('query=2001%3Adb8%3A%3A1'), 'the IPv6 value URL-encoded')
  })

  test('a usage error exits 2 before starting anything', async () => {
    const run = await runBin(['observe', '--local', 'ip'])
    assert.equal(run.code, 2)
    assert.equal(run.stdout, '')
    assert.ok(run.stderr.startsWith('gti-relay: observe needs a type and at least one value'))
  })
})

describe('deliberate from the command line', () => {
  test('deliberate --local prints the verdict of each observable', async () => {
    const run = await runBin(['deliberate', '--local', 'ip', '45.77.51.101', '203.0.113.254'])
    assert.equal(run.code, 0, `deliberate --local exit code; stderr: ${run.stderr}`)
    assert.ok(run.stdout.startsWith('Verdicts\n'), run.stdout)
    assert.match(run.stdout, /^ {2}ip {2}45\.77\.51\.101 {3}(Malicious|Suspicious) +until \d{4}-/m)
    assert.match(run.stdout, /^ {2}ip {2}203\.0\.113\.254 {2}no verdict/m)
    assert.match(run.stdout, /^Judgements \(\d+\)$/m)
  })

  test('deliberate --local --json prints the raw verdicts and judgements', async () => {
    const run = await runBin(['deliberate', '--local', '--json', 'ip', '45.77.51.101'])
    assert.equal(run.code, 0)
    const answer = JSON.parse(run.stdout)
    assert.equal(answer.data.verdicts.count, 1)
    assert.ok(answer.data.judgements.count >= 1)
  })
})

describe('response actions from the command line', () => {
  test('respond --local lists the three actions; trigger --local resolves', async () => {
    const listed = await runBin(['respond', '--local', 'ip', '45.77.51.101'])
    assert.equal(listed.code, 0, `respond exit code; stderr: ${listed.stderr}`)
    assert.ok(listed.stdout.startsWith('Actions (3)\n'), listed.stdout)
    assert.match(
      listed.stdout,
      /gti-resolve-false-positive +Resolve \d+ detection\(s\): false positive/,
    )
    const run = await runBin([
      'trigger',
      '--local',
      'gti-resolve-false-positive',
      'ip',
      '45.77.51.101',
    ])
    assert.equal(run.code, 0, `trigger exit code; stderr: ${run.stderr}`)
    assert.equal(run.stdout, 'success\n')
  })

  test('trigger with an unknown action fails with the relay error', async () => {
    const run = await runBin(['trigger', '--local', 'gti-delete', 'ip', '45.77.51.101'])
    assert.equal(run.code, 1)
    assert.match(run.stdout, /^failure\n/)
    assert.match(run.stdout, /invalid argument +Unsupported action "gti-delete"/)
  })

  test('trigger usage errors exit 2', async () => {
    const run = await runBin(['trigger', '--local', 'ip', '45.77.51.101'])
    assert.equal(run.code, 2)
    assert.match(run.stderr, /trigger needs an action id, a type and one value/)
  })
})
