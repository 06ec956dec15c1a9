/**
 * The Redis client's factory, re-exported from an ES module of our own so the deployable bundles
 * can split it off: `import()` of this file becomes a chunk with a named export, which Node reads
 * only when REDIS_URL is set. esbuild cannot split a direct `import('redis')` of the CommonJS
 * package correctly (the chunk then exports only `default`).
 * @module
 */
export { createClient } from 'redis'
