// `npm run build [outDir]`: self-contained ESM bundles of the two deployable entry points, in
// dist/ unless told otherwise. Every dependency is bundled, so each output runs from a folder
// without node_modules.
import { rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { leanBundle } from './lean-bundle.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The bundles: entry point (relative to the repository root) → output file (to outDir). */
export const BUNDLES = [
  { entry: 'src/entry/server.ts', outfile: 'server/index.mjs' },
  { entry: 'src/entry/lambda.ts', outfile: 'lambda/index.mjs' },
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

/** Bundle every entry point; resolves to the output files written. */
export async function buildBundles({ outDir = join(root, 'dist'), minify = true } = {}) {
  for (const { entry, outfile } of BUNDLES) {
    // Only the bundle's own folder is cleared, whatever outDir is.
    await rm(dirname(resolve(outDir, outfile)), { recursive: true, force: true })
    await build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: resolve(outDir, outfile),
      ...NODE_BUNDLE_OPTIONS,
      minify,
      legalComments: 'linked',
    })
  }
  return BUNDLES.map(({ outfile }) => resolve(outDir, outfile))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] === undefined ? undefined : resolve(process.argv[2])
  const files = await buildBundles(outDir === undefined ? {} : { outDir })
  for (const file of files) console.log(`built ${file}`)
}
