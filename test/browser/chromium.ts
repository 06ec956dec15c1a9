/**
 * Debian's chromium driven by playwright-core: never a downloaded browser.
 * Decides whether the browser tests run, skip (no chromium, not CI) or fail
 * (no chromium on CI).
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

// Flags that work in this sandboxed, offline machine; no traffic leaves loopback.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Why the browser tests skip, or undefined when they run (or must fail on CI). */
export function browserSkipReason(
  env: NodeJS.ProcessEnv = process.env,
  present: boolean = existsSync(CHROMIUM_PATH),
): string | undefined {
  if (present) return undefined
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') return undefined
  return `${CHROMIUM_PATH} is absent and CI is not set: install it with scripts/ensure-chromium.sh (on CI a missing chromium fails these tests)`
}

/** A headless chromium with a fresh profile; `close()` removes the profile too. */
export async function launchChromium(): Promise<{
  context: BrowserContext
  close(): Promise<void>
}> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing and CI is set: run scripts/ensure-chromium.sh`)
  }
  const profile = await mkdtemp(join(tmpdir(), 'gti-relay-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  })
  return {
    context,
    close: async () => {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}
