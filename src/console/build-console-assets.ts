/**
 * Bundles the console page with esbuild (a development dependency, loaded
 * only here): `page/main.ts` → `console.js`, plus the static `index.html` and
 * `console.css`. Nothing is fetched at run time; the relay's own bundles
 * never import this file. `npm run build:console [outDir]` runs it.
 * @module
 */
import { copyFile, mkdir, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'page')

/** Where `npm run build:console` writes when not told: `dist/console`. */
export const DEFAULT_CONSOLE_DIR = resolve(PAGE_DIR, '../../../dist/console')

/** Build the page into `outDir` (replaced); resolves to `outDir`. */
export async function buildConsoleAssets(outDir: string = DEFAULT_CONSOLE_DIR): Promise<string> {
  // A dynamic import: a production install without dev dependencies can still load this module.
  const { build } = await import('esbuild')
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  await build({
    entryPoints: [join(PAGE_DIR, 'main.ts')],
    outfile: join(outDir, 'console.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  })
  await copyFile(join(PAGE_DIR, 'index.html'), join(outDir, 'index.html'))
  await copyFile(join(PAGE_DIR, 'console.css'), join(outDir, 'console.css'))
  return outDir
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] === undefined ? undefined : resolve(process.argv[2])
  console.log(`built ${await buildConsoleAssets(target)}`)
}
