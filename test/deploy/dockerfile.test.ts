/**
 * The Dockerfile, read as text (no container engine runs here): well-formed instructions, two
 * stages, a runtime stage that holds only the server bundle, runs as a non-root user, and checks
 * its own health.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

interface Instruction {
  keyword: string
  args: string
  line: number
}

interface Stage {
  from: string
  name: string | undefined
  instructions: Instruction[]
}

const KEYWORDS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
])

/** Instructions with continuation lines joined; comments and blank lines dropped. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = []
  let pending: { text: string; line: number } | undefined
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim()
    if (pending === undefined && (trimmed === '' || trimmed.startsWith('#'))) return
    if (pending !== undefined && trimmed.startsWith('#')) return
    const continued = trimmed.endsWith('\\')
    const body = continued ? trimmed.slice(0, -1).trim() : trimmed
    pending =
      pending === undefined
        ? { text: body, line: index + 1 }
        : { ...pending, text: `${pending.text} ${body}` }
    if (continued) return
    const match = /^(\S+)\s+(.*)$/.exec(pending.text)
    assert.ok(match, `line ${pending.line}: an instruction needs arguments`)
    instructions.push({ keyword: match[1]!, args: match[2]!.trim(), line: pending.line })
    pending = undefined
  })
  assert.equal(pending, undefined, 'the file must not end inside a continued line')
  return instructions
}

function stagesOf(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = []
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [from, as, name] = instruction.args.split(/\s+/)
      assert.ok(from, `line ${instruction.line}: FROM needs an image`)
      if (as !== undefined) assert.equal(as.toUpperCase(), 'AS', `line ${instruction.line}`)
      stages.push({ from, name, instructions: [] })
    } else {
      const current = stages.at(-1)
      assert.ok(current, `line ${instruction.line}: ${instruction.keyword} before any FROM`)
      current.instructions.push(instruction)
    }
  }
  return stages
}

/** Exec-form (JSON array) arguments, e.g. of CMD. */
function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args)
  assert.ok(Array.isArray(parsed) && parsed.every((item) => typeof item === 'string'), args)
  return parsed as string[]
}

/** KEY=value pairs of an ENV instruction (values without spaces). */
function envPairs(args: string): Record<string, string> {
  return Object.fromEntries(
    args.split(/\s+/).map((pair) => {
      const at = pair.indexOf('=')
      assert.ok(at > 0, `ENV ${pair}: use KEY=value`)
      return [pair.slice(0, at), pair.slice(at + 1)]
    }),
  )
}

const instructions = parseDockerfile(readFileSync(`${ROOT}Dockerfile`, 'utf8'))
const stages = stagesOf(instructions)
const find = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword)

describe('Dockerfile', () => {
  test('every instruction is a Dockerfile keyword, written in upper case', () => {
    for (const { keyword, line } of instructions) {
      assert.ok(KEYWORDS.has(keyword), `line ${line}: unknown instruction ${keyword}`)
    }
  })

  test('two stages on node:22-bookworm-slim: build, then runtime', () => {
    assert.deepEqual(
      stages.map(({ from, name }) => [from, name]),
      [
        ['node:22-bookworm-slim', 'build'],
        ['node:22-bookworm-slim', 'runtime'],
      ],
    )
  })

  test('the build stage installs from the lock file and runs the build', () => {
    const build = stages[0]!
    const runs = find(build, 'RUN').map(({ args }) => args)
    assert.ok(
      runs.some((args) => /^npm ci\b/.test(args)),
      'npm ci',
    )
    assert.ok(runs.includes('npm run build'), 'npm run build')
    const ignored = new Set(
      readFileSync(`${ROOT}.dockerignore`, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#')),
    )
    for (const { args } of find(build, 'COPY')) {
      const sources = args
        .split(/\s+/)
        .filter((part) => !part.startsWith('--'))
        .slice(0, -1)
      for (const source of sources) {
        assert.ok(existsSync(`${ROOT}${source}`), `COPY source ${source} exists`)
        assert.ok(!ignored.has(source), `COPY source ${source} is not in .dockerignore`)
      }
    }
  })

  test('the runtime stage copies only the server bundle, and CMD runs a file the build writes', async () => {
    const runtime = stages[1]!
    const copies = find(runtime, 'COPY')
    assert.equal(copies.length, 1)
    const [source, target] = copies[0]!.args.split(/\s+/).filter((part) => !part.startsWith('--'))
    assert.match(copies[0]!.args, /--from=build\b/)
    const buildDir = find(stages[0]!, 'WORKDIR').at(-1)?.args
    const runtimeDir = find(runtime, 'WORKDIR').at(-1)?.args
    assert.equal(source, `${buildDir}/dist/server`)
    assert.equal(target, './dist/server')

    const cmd = execForm(find(runtime, 'CMD').at(-1)!.args)
    assert.deepEqual(cmd, ['node', 'dist/server/index.mjs'])
    assert.equal(find(runtime, 'ENTRYPOINT').length, 0)
    // `npm run build` in the build stage writes dist/<outfile> under its WORKDIR (= runtimeDir).
    const { BUNDLES } = (await import(pathToFileURL(`${ROOT}scripts/build.mjs`).href)) as {
      BUNDLES: Array<{ entry: string; outfile: string }>
    }
    const server = BUNDLES.find(({ entry }) => entry === 'src/entry/server.ts')
    assert.ok(server, 'the build has a server bundle')
    assert.equal(`dist/${server.outfile}`, cmd[1])
    assert.ok(cmd[1]!.startsWith(`${target!.replace(/^\.\//, '')}/`), 'CMD runs the copied bundle')
    assert.equal(buildDir, runtimeDir)
  })

  test('runtime settings: not root, listens on 0.0.0.0:9090, production, stops on SIGTERM', () => {
    const runtime = stages[1]!
    const user = find(runtime, 'USER').at(-1)?.args
    assert.ok(user !== undefined, 'USER is set')
    assert.ok(!['root', '0', '0:0'].includes(user), 'USER is not root')
    const env = Object.assign({}, ...find(runtime, 'ENV').map(({ args }) => envPairs(args)))
    assert.equal(env.HOST, '0.0.0.0')
    assert.equal(env.PORT, '9090')
    assert.equal(env.NODE_ENV, 'production')
    assert.deepEqual(
      find(runtime, 'EXPOSE').map(({ args }) => args),
      ['9090'],
    )
    assert.equal(find(runtime, 'STOPSIGNAL').at(-1)?.args, 'SIGTERM')
  })

  test('HEALTHCHECK asks /watchdog with a Health-Check header, using node (no curl in slim)', () => {
    const checks = find(stages[1]!, 'HEALTHCHECK')
    assert.equal(checks.length, 1)
    const args = checks[0]!.args
    const at = args.indexOf('CMD ')
    assert.ok(at >= 0, 'HEALTHCHECK ... CMD [...]')
    for (const option of args.slice(0, at).trim().split(/\s+/).filter(Boolean)) {
      assert.match(option, /^--(interval|timeout|start-period|start-interval|retries)=\S+$/)
    }
    const command = execForm(args.slice(at + 4))
    assert.equal(command[0], 'node')
    const script = command.join(' ')
    assert.match(script, /\/watchdog/)
    assert.match(script, /'Health-Check'/)
    assert.doesNotMatch(script, /curl|wget/)
  })

  test('the health check script is valid JavaScript', () => {
    const args = find(stages[1]!, 'HEALTHCHECK')[0]!.args
    const [, flag, script] = execForm(args.slice(args.indexOf('CMD ') + 4))
    assert.equal(flag, '-e')
    // Compiles without running: a syntax error throws here.
    assert.doesNotThrow(() => new Function(script!))
  })
})
