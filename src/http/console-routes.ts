/**
 * `GET /console` and its assets on the relay's own origin, so the page calls
 * the relay API without CORS. Registered only when the app is given
 * {@link ConsoleOptions}. Files are read once here: only names found in the
 * assets folder at start are served, so no request path reaches the disk.
 * A missing file (or a non-loopback Host) is a `not found` relay error.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ConsoleOptions } from '../console/console-options.ts'
import { RelayError } from '../errors/relay-error.ts'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
}

// The page only ever talks to its own origin; nothing is loaded from anywhere else.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Whether the Host header names the loopback interface (a DNS-rebound name does not). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]
  return LOOPBACK_HOSTS.has((name ?? '').toLowerCase())
}

/** Register the console page, its assets and `config.json` on `app`. */
export function registerConsoleRoutes(app: FastifyInstance, options: ConsoleOptions): void {
  const files = new Map<string, { body: Buffer; type: string }>()
  for (const name of readdirSync(options.assetsDir)) {
    const type = CONTENT_TYPES[extname(name)]
    if (type !== undefined)
      files.set(name, { body: readFileSync(join(options.assetsDir, name)), type })
  }
  const config = Buffer.from(JSON.stringify({ samples: options.samples }))
  files.set('config.json', { body: config, type: CONTENT_TYPES['.json'] as string })

  const send = (request: FastifyRequest, reply: FastifyReply, name: string) => {
    const file = files.get(name)
    // The error mapper answers it, like any unknown route.
    if (file === undefined || !isLoopbackHost(request.headers.host)) {
      throw new RelayError('not found', 'The console has no such file.')
    }
    reply.headers({ ...SECURITY_HEADERS, 'content-type': file.type })
    return reply.send(file.body)
  }

  app.get('/console', async (request, reply) => send(request, reply, 'index.html'))
  app.get<{ Params: { name: string } }>('/console/:name', async (request, reply) =>
    send(request, reply, request.params.name === '' ? 'index.html' : request.params.name),
  )
}
