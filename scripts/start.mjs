// `npm start`: the relay server from its bundle (dist/server/index.mjs), built first when missing
// or stale. The bundle runs in this process: no transpiler and no second Node process.
import { runFreshBundle } from './fresh-bundle.mjs'

await runFreshBundle('src/entry/server.ts', 'server/index.mjs')
