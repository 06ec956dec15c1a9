/**
 * Bundles relay-process.ts with esbuild, as `npm run build` bundles the
 * server, so the measured child runs plain Node: no tsx loader thread
 * (about 40 MB of RSS) and no on-the-fly transpiling in its profile.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type BuildOptions, build } from 'esbuild'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Writes the bundle to a new temporary folder and returns its path (the caller removes it). */
export async function bundleRelayProcess(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gti-relay-bench-child-'))
  const file = join(dir, 'relay-process.mjs')
  // The same options as `npm run build`, unminified so profiles keep readable names.
  const { NODE_BUNDLE_OPTIONS } = (await import(
    pathToFileURL(join(ROOT, 'scripts/build.mjs')).href
  )) as { NODE_BUNDLE_OPTIONS: BuildOptions }
  await build({
    ...NODE_BUNDLE_OPTIONS,
    absWorkingDir: ROOT,
    entryPoints: ['bench/relay-process.ts'],
    outfile: file,
  })
  return { dir, file }
}
