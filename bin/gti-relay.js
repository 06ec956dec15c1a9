#!/usr/bin/env node
// The CLI from its bundle (dist/cli/index.mjs), built first when missing or older than src/, so
// `npx gti-relay` runs on plain Node after `npm ci` with no separate build step and no tsx.
import { runFreshBundle } from '../scripts/fresh-bundle.mjs'

await runFreshBundle('src/entry/cli.ts', 'cli/index.mjs')
