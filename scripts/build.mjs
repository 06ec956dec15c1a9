// `npm run build [outDir]`: self-contained ESM bundles of the entry points, in dist/ unless told
// otherwise. Every dependency is bundled, so each output folder runs without node_modules: the
// entry file `index.mjs` plus chunk files beside it for code loaded lazily (the Redis client).
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, stop } from 'esbuild'
import { leanBundle } from './lean-bundle.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The bundles: entry point (relative to the repository root) → output file (to outDir). */
export const BUNDLES = [
  { entry: 'src/entry/server.ts', outfile: 'server/index.mjs' },
  { entry: 'src/entry/lambda.ts', outfile: 'lambda/index.mjs' },
  { entry: 'src/entry/cli.ts', outfile: 'cli/index.mjs' },
]

// Fastify and some of its dependencies are CommonJS and call require(); ESM output has none.
const REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

/** esbuild options every Node bundle of the project shares (the bench bundles its relay child too). */
export const NODE_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: { js: REQUIRE_BANNER },
  sourcemap: true,
  // No kept names: they cost a `__name()` call per function and class created, at load (cold
  // start) and per request (Fastify's hook runners make closures). Logged errors take their type
  // from `error.name` (src/logging/create-logger.ts), which the relay's errors set.
  keepNames: false,
  // Leaves out package code the relay never runs (see lean-bundle.mjs): less to parse at start.
  plugins: [leanBundle],
  logLevel: 'warning',
}

/** Chunk files are named `chunk-<hash>.mjs`; the build removes old ones a new build no longer has. */
const CHUNK_FILE = /^chunk-[A-Z0-9]+\.mjs(\.map|\.LEGAL\.txt)?$/
/** How old an unused chunk must be before a build removes it. */
const STALE_CHUNK_AGE_MS = 10 * 60 * 1000

/**
 * Bundle one entry point. Code splitting puts what the entry only `import()`s (the Redis
 * client, 600 KB) in its own chunk file, which Node reads only when that import runs: a relay
 * without REDIS_URL (most Lambda cold starts) never parses it. esbuild writes to a staging
 * folder beside the output; the files are then renamed into place one by one, chunks first and
 * `index.mjs` last, so a process starting meanwhile (`npm start`, the `gti-relay` bin) imports
 * either the old bundle or the new one, never half. Chunks only old bundles used go once they are
 * ten minutes old.
 */
export async function buildBundle(
  { entry, outfile },
  { outDir = join(root, 'dist'), minify = true } = {},
) {
  const target = resolve(outDir, outfile)
  const folder = dirname(target)
  const last = basename(target)
  await mkdir(folder, { recursive: true })
  const staging = await mkdtemp(join(folder, '.building-'))
  try {
    await build({
      absWorkingDir: root,
      entryPoints: { [last.replace(/\.mjs$/, '')]: entry },
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      splitting: true,
      chunkNames: 'chunk-[hash]',
      ...NODE_BUNDLE_OPTIONS,
      minify,
      legalComments: 'linked',
    })
    const written = await readdir(staging)
    for (const name of [...written.filter((file) => file !== last), last]) {
      await rename(join(staging, name), join(folder, name))
    }
    // A process that imported the old index.mjs just before the swap may still load one of its
    // chunks (the Redis client is read at start-up): old chunks go only once they are a while old.
    const now = Date.now()
    for (const name of await readdir(folder)) {
      if (!CHUNK_FILE.test(name) || written.includes(name)) continue
      const path = join(folder, name)
      const { mtimeMs } = await stat(path)
      if (now - mtimeMs > STALE_CHUNK_AGE_MS) await rm(path, { force: true })
    }
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  return target
}

/** Stops esbuild's helper process, which otherwise lives (and holds memory) as long as this one. */
export function stopBuilder() {
  return stop()
}

/** Bundle every entry point; resolves to the output files written. */
export async function buildBundles(options = {}) {
  const files = []
  for (const bundle of BUNDLES) files.push(await buildBundle(bundle, options))
  return files
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] === undefined ? undefined : resolve(process.argv[2])
  const files = await buildBundles(outDir === undefined ? {} : { outDir })
  for (const file of files) console.log(`built ${file}`)
}
