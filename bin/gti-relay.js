#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx gti-relay` works after `npm ci` with no build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/entry/cli.ts')
