import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { describe, test } from 'node:test'
import type { CliContext } from './cli-context.ts'
import { runCli } from './run-cli.ts'

function capture(): { ctx: CliContext; out: () => string; err: () => string } {
  let out = ''
  let err = ''
  return {
    ctx: {
      env: {},
      out: (text) => {
        out += text
      },
      err: (text) => {
        err += text
      },
      color: false,
      waitForStop: () => Promise.reject(new Error('no long-running command in these tests')),
    },
    out: () => out,
    err: () => err,
  }
}

/** Every command the CLI has, written out so a command missing from the help fails here. */
const COMMAND_NAMES = [
  'serve',
  'simulate',
  'token',
  'observe',
  'refer',
  'deliberate',
  'respond',
  'trigger',
  'tiles',
  'tile',
  'demo',
  'console',
]

describe('command line dispatch', () => {
  test('help lists every command', async () => {
    const run = capture()
    assert.equal(await runCli(['--help'], run.ctx), 0)
    for (const name of COMMAND_NAMES) {
      assert.ok(run.out().includes(`  ${name}`), `help names ${name}`)
    }
  })

  test('every command has its own help', async () => {
    for (const name of COMMAND_NAMES) {
      const viaFlag = capture()
      assert.equal(await runCli([name, '--help'], viaFlag.ctx), 0)
      assert.ok(viaFlag.out().startsWith(`Usage: gti-relay ${name}`), `${name} --help`)
      const viaHelp = capture()
      assert.equal(await runCli(['help', name], viaHelp.ctx), 0)
      assert.equal(viaHelp.out(), viaFlag.out())
    }
  })

  test('usage errors exit 2 with a one-line reason and a hint', async () => {
    const cases = [
      ['frobnicate'],
      ['observe'],
      ['observe', 'ip'],
      ['observe', 'url', 'http://example.org/'],
      ['refer', 'ip', '1.2.3.4', '--bogus'],
      ['observe', 'ip', '1.2.3.4', '--local', '--relay', 'http://127.0.0.1:1'],
      ['token', '--limit', '0'],
      ['token', '--aud', 'not a url'],
      ['simulate', '--size', 'huge'],
      ['serve', '--port', '70000'],
      ['demo', '--seed', '-1'],
    ]
    for (const args of cases) {
      const run = capture()
      assert.equal(await runCli(args, run.ctx), 2, args.join(' '))
      assert.match(run.err(), /^gti-relay: .+\nSee `gti-relay .*--help`\.\n$/s)
      assert.equal(run.out(), '')
    }
  })

  test('no command prints the help and exits 2', async () => {
    const run = capture()
    assert.equal(await runCli([], run.ctx), 2)
    assert.ok(run.out().startsWith('Usage: gti-relay <command>'))
  })

  test('a failure the user can act on exits 1 without a stack trace', async () => {
    const run = capture()
    const code = await runCli(['token', '--key-file', '/nonexistent/gti-relay-key.json'], run.ctx)
    assert.equal(code, 1)
    assert.match(run.err(), /^gti-relay token: no key file at \/nonexistent\/gti-relay-key\.json/)
    assert.doesNotMatch(run.err(), /\n\s+at /)
  })

  test('an unreachable relay exits 1 with a hint', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const port = typeof address === 'object' && address !== null ? address.port : 1
    const run = capture()
    run.ctx.env = { GTI_RELAY_TOKEN: 'x.y.z' }
    const code = await runCli(
      ['refer', 'ip', '1.2.3.4', '--relay', `http://127.0.0.1:${port}`],
      run.ctx,
    )
    assert.equal(code, 1)
    assert.match(
      run.err(),
      /^gti-relay refer: cannot reach the relay at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    )
    assert.doesNotMatch(run.err(), /\n\s+at /)
  })
})

test('lookup help names every observable type the relay takes', async () => {
  const { SUPPORTED_TYPES } = await import('../observables/observable.ts')
  const { OBSERVE_HELP } = await import('./observe-command.ts')
  const { DELIBERATE_HELP } = await import('./deliberate-command.ts')
  for (const help of [OBSERVE_HELP, DELIBERATE_HELP]) {
    for (const type of SUPPORTED_TYPES) assert.match(help, new RegExp(`\\b${type}\\b`))
  }
})
