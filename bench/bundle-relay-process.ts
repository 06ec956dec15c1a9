/**
 * Bundles relay-process.ts with esbuild, as `npm run build` bundles the
 * server, so the measured child runs plain Node: no tsx loader thread
 * (about 40 MB of RSS) and no on-the-fly transpiling in its profile.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

// Fastify and some of its dependencies are CommonJS and call require(); ESM output has none.
const REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

/** Writes the bundle to a new temporary folder and returns its path (the caller removes it). */
export async function bundleRelayProcess(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gti-relay-bench-child-'))
  const file = join(dir, 'relay-process.mjs')
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['bench/relay-process.ts'],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: REQUIRE_BANNER },
    sourcemap: true,
    keepNames: true,
    logLevel: 'warning',
  })
  return { dir, file }
}
