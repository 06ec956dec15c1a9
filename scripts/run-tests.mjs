// Node 20's test runner does not expand globs, so the file list is built here.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test']

function collect(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) collect(path, out)
    else if (entry.name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const files = roots.flatMap((root) => (root.endsWith('.ts') ? [root] : collect(root, [])))
if (files.length === 0) {
  console.error('no test files found')
  process.exit(1)
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...files.sort()],
  { stdio: 'inherit' },
)
process.exit(result.status ?? 1)
