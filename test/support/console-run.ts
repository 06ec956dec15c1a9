/**
 * `gti-relay console` run in this process, as a test drives it: the printed
 * page URL, the token from its fragment, and a way to stop it (Ctrl-C).
 */
import { consoleCommand } from '../../src/cli/console-command.ts'
import { demoCommand } from '../../src/cli/demo-command.ts'

/** A running console command. */
export interface ConsoleRun {
  /** The printed URL without its fragment. */
  pageUrl: string
  /** The relay's base URL. */
  relayUrl: string
  /** The token from the printed URL's fragment. */
  token: string
  /** Stop the command; resolves its exit code. */
  stop(): Promise<number>
}

/** Start `gti-relay console <args>` (or `demo --console <args>`) and wait until it prints its URL. */
export async function startConsoleRun(
  args: string[],
  via: 'console' | 'demo' = 'console',
): Promise<ConsoleRun> {
  let output = ''
  let errors = ''
  let stop = () => {}
  const stopped = new Promise<string>((resolve) => {
    stop = () => resolve('SIGTERM')
  })
  let printed = () => {}
  const urlPrinted = new Promise<void>((resolve) => {
    printed = resolve
  })
  const command = via === 'demo' ? demoCommand : consoleCommand
  const running = command(via === 'demo' ? ['--console', ...args] : args, {
    env: {},
    out: (text) => {
      output += text
      if (/Open \S+/.test(output)) printed()
    },
    err: (text) => {
      errors += text
    },
    color: false,
    waitForStop: () => stopped,
  })
  const ended = running.then((code) => {
    throw new Error(`gti-relay console ended with ${code} before printing its URL: ${errors}`)
  })
  await Promise.race([urlPrinted, ended])
  ended.catch(() => {})
  const printedUrl = /Open (\S+)/.exec(output)?.[1] ?? ''
  const [pageUrl = '', fragment = ''] = printedUrl.split('#')
  return {
    pageUrl,
    relayUrl: pageUrl.replace(/\/console$/, ''),
    token: new URLSearchParams(fragment).get('token') ?? '',
    stop: () => {
      stop()
      return running
    },
  }
}
