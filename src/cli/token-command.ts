/**
 * `gti-relay token`: a development configuration token, printed alone so
 * `$(gti-relay token)` works.
 * @module
 */
import { DEFAULT_API_KEY } from '../simulator/index.ts'
import type { CliContext } from './cli-context.ts'
import { UsageError } from './cli-errors.ts'
import { DEFAULT_RELAY_URL, DEFAULT_TOKEN_TTL_SECONDS, defaultKeyFile } from './defaults.ts'
import { mintTokenFromKeyFile, mintTokenFromSimulator, tokenClaims } from './mint-token.ts'
import { intFlag, parseFlags, urlFlag } from './parse-flags.ts'

/** Help of `token`. */
export const TOKEN_HELP = `Usage: gti-relay token [options]

Mint a development configuration token signed with the simulator's key, the
way XDR would sign one, and print only the token.

Options:
  --simulator <url>       ask a running simulator to sign (POST /_sim/token)
  --key-file <file>       sign locally with the simulator's key file
                          (default ${defaultKeyFile()}; used unless --simulator is given)
  --aud <url>             the relay's public URL (default ${DEFAULT_RELAY_URL})
  --key <api key>         ThreatINSIGHT API key claim (default ${DEFAULT_API_KEY})
  --limit <n>             CTR_ENTITIES_LIMIT claim, 1-1000
  --allow-test-accounts   GTI_ALLOW_TEST_ACCOUNTS claim
  --ttl-seconds <n>       lifetime (default ${DEFAULT_TOKEN_TTL_SECONDS})
  -h, --help              show this help

Example:
  curl -X POST -H "Authorization: Bearer $(gti-relay token)" \\
    http://127.0.0.1:9090/health`

/** Run `token`. */
export async function tokenCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags({
    args,
    options: {
      simulator: { type: 'string' },
      'key-file': { type: 'string' },
      aud: { type: 'string' },
      key: { type: 'string' },
      limit: { type: 'string' },
      'allow-test-accounts': { type: 'boolean', default: false },
      'ttl-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    ctx.out(`${TOKEN_HELP}\n`)
    return 0
  }
  if (values.simulator !== undefined && values['key-file'] !== undefined) {
    throw new UsageError('use either --simulator or --key-file, not both')
  }
  if (values.key !== undefined && values.key.trim() === '') {
    throw new UsageError('--key must not be empty')
  }
  const claims = tokenClaims(
    {
      aud: urlFlag('aud', values.aud ?? DEFAULT_RELAY_URL),
      ...(values.key === undefined ? {} : { key: values.key }),
      ttlSeconds: intFlag('ttl-seconds', values['ttl-seconds'], DEFAULT_TOKEN_TTL_SECONDS, {
        min: 1,
        max: 366 * 86_400,
      }),
      ...(values.limit === undefined
        ? {}
        : { limit: intFlag('limit', values.limit, 0, { min: 1, max: 1000 }) }),
      allowTestAccounts: values['allow-test-accounts'],
    },
    Math.floor(Date.now() / 1000),
  )
  const token =
    values.simulator === undefined
      ? await mintTokenFromKeyFile(values['key-file'] ?? defaultKeyFile(), claims)
      : await mintTokenFromSimulator(urlFlag('simulator', values.simulator), claims)
  ctx.out(`${token}\n`)
  return 0
}
