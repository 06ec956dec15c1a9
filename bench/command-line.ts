/**
 * Flag parsing for the bench scripts: `--help` prints the usage, and a
 * wrong flag or value prints one line and the usage instead of a stack trace.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util'

type Options = NonNullable<ParseArgsConfig['options']>

/** A command's flags, parsed from process.argv; exits 0 after `--help`, 2 on a bad flag. */
export function parseFlags<T extends Options>(usage: string, options: T) {
  const args = process.argv.slice(2)
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usage.trim()}\n`)
    process.exit(0)
  }
  try {
    return parseArgs({ args, options }).values
  } catch (error) {
    usageError(usage, error instanceof Error ? error.message : String(error))
  }
}

/** Print what is wrong with the command line and the usage, then exit 2. */
export function usageError(usage: string, message: string): never {
  process.stderr.write(`${message}\n\n${usage.trim()}\n`)
  process.exit(2)
}
