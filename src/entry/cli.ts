/**
 * `gti-relay` (bin/gti-relay.js) and `npm run demo`: hands argv, the
 * environment, the output streams and the stop signals to the CLI, then
 * exits with its code.
 */
import { runCli } from '../cli/run-cli.ts'

let stopping: Promise<string> | undefined

function waitForStop(): Promise<string> {
  stopping ??= new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      // A second Ctrl-C means "now", whatever is still closing.
      process.once('SIGINT', () => process.exit(130))
      resolve(signal)
    }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
  })
  return stopping
}

// A closed pipe (`gti-relay observe ... | head`) is not worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
})

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  color: process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
  waitForStop,
})
process.exitCode = code
// Lingering keep-alive sockets must not hold the process open once the work is done.
setTimeout(() => process.exit(code), 1000).unref()
