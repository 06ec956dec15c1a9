/**
 * Fastify's schema compilers, replaced. The relay declares no route schemas: a body stays raw
 * until the token is verified and is then checked by the route's own parser, so Ajv and
 * fast-json-stringify would never compile anything. Handing Fastify these factories keeps it
 * from loading and setting up both at start, which is most of a Lambda cold start's share of
 * Fastify; the deployable bundles then leave the two packages out (scripts/lean-bundle.mjs).
 * @module
 */

function refuse(): never {
  throw new TypeError(
    'gti-relay compiles no route schemas: validate in the handler, after authentication',
  )
}

/** The `schemaController.compilersFactory` option of the relay's Fastify apps. */
export const NO_SCHEMA_COMPILERS = {
  buildValidator: () => refuse,
  buildSerializer: () => refuse,
}
