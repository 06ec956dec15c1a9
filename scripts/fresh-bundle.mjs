// Finds a built bundle and rebuilds it first when it is missing or older than its inputs, so
// `npm start` and the `gti-relay` bin always run current code on plain Node (no transpiler).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Inputs whose change makes a bundle stale: the sources, the dependencies, the build itself. */
const INPUT_FILES = [
  'package.json',
  'package-lock.json',
  'scripts/build.mjs',
  'scripts/lean-bundle.mjs',
]

function newestMtimeMs(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const mtime = entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs
    if (mtime > newest) newest = mtime
  }
  return newest
}

/** Newest modification time among the bundle's inputs; 0 when the sources are not there. */
function inputsMtimeMs() {
  const src = join(root, 'src')
  let newest = existsSync(src) ? newestMtimeMs(src) : 0
  for (const file of INPUT_FILES) {
    const path = join(root, file)
    if (existsSync(path)) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

/**
 * The path of `dist/<outfile>` for the bundle of `entry` (see BUNDLES in build.mjs), built first
 * when missing or stale. esbuild is loaded only when a build is needed.
 */
export async function freshBundle(entry, outfile) {
  const file = join(root, 'dist', outfile)
  const builtAt = existsSync(file) ? statSync(file).mtimeMs : -1
  if (builtAt >= inputsMtimeMs()) return file
  let build
  try {
    build = await import(pathToFileURL(join(root, 'scripts/build.mjs')).href)
  } catch (error) {
    // Without dev dependencies (esbuild) an existing bundle is still better than none.
    if (builtAt >= 0) return file
    throw new Error(
      `dist/${outfile} is missing and cannot be built (${error.message}); run \`npm ci\` then \`npm run build\``,
    )
  }
  process.stderr.write(`gti-relay: building dist/${outfile} (missing or older than src/)\n`)
  try {
    await build.buildBundle({ entry, outfile })
  } finally {
    // The relay runs in this process next: esbuild's helper must not run beside it.
    await build.stopBuilder()
  }
  return file
}

/** Import the fresh bundle, as if Node had been started on it; a failed build exits 1. */
export async function runFreshBundle(entry, outfile) {
  let file
  try {
    file = await freshBundle(entry, outfile)
  } catch (error) {
    process.stderr.write(`gti-relay: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
  await import(pathToFileURL(file).href)
}
