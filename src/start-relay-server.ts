/**
 * A relay listening on a port: what `npm start`, `gti-relay serve` and the
 * demo run. Closing it stops accepting, lets in-flight requests finish, then
 * releases pools and caches.
 * @module
 */
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.ts'
import type { Settings } from './config/settings.ts'
import { createRelay } from './create-relay.ts'
import { answerBareCasesInJson } from './http/bare-answers.ts'
import { lingerOnClose } from './http/lingering-close.ts'
import { createRefusalLog } from './http/refusal-log.ts'
import type { RelayDeps } from './http/relay-deps.ts'
import { guardServer } from './http/server-limits.ts'

/** A listening relay. */
export interface RunningRelay {
  /** `http://<host>:<port>` as bound (the port resolved when 0 was asked). */
  url: string
  app: FastifyInstance
  deps: RelayDeps
  close(): Promise<void>
}

/** Build the relay from settings (and optional dependency overrides) and listen. */
export async function startRelayServer(
  settings: Settings,
  overrides: Parameters<typeof createRelay>[1] = {},
): Promise<RunningRelay> {
  const relay = createRelay(settings, overrides)
  const app = buildApp(relay.deps)
  guardServer(
    app.server,
    settings.server,
    createRefusalLog(relay.deps.logger, () => relay.deps.clock.now()),
  )
  answerBareCasesInJson(app, app.server)
  let closing: Promise<void> | undefined
  // Once closing, answers tell keep-alive clients to hang up; otherwise their idle sockets would
  // hold `close()` open until the process is killed.
  app.addHook('onSend', async (request, reply) => {
    if (closing !== undefined) reply.header('connection', 'close')
    // Answered before the body was read: let the client finish sending so it reads this answer.
    if (reply.statusCode === 413) lingerOnClose(request.raw.socket, settings.server)
  })
  try {
    await app.listen({ port: settings.port, host: settings.host })
  } catch (error) {
    await relay.close()
    throw error
  }
  const address = app.server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${host}:${address.port}`,
    app,
    deps: relay.deps,
    close: () => {
      closing ??= app.close().then(() => relay.close())
      return closing
    },
  }
}
