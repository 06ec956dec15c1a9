# syntax=docker/dockerfile:1
# gti-relay as a container: `docker build -t gti-relay .` then
# `docker run -p 9090:9090 -e JWKS_ALLOWED_HOSTS=visibility.amp.cisco.com gti-relay`.
# See docs/deploy-container.md.

# The relay supports Node.js 20.19+ or 22 (package.json `engines`); the image uses 22, like the
# Lambda runtime (nodejs22.x).
# Build stage: dev dependencies (esbuild) and sources; produces the self-contained bundle.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# Runtime stage: Node and the bundle only; no node_modules, no sources, no npm cache.
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=9090
WORKDIR /app
COPY --from=build --chown=root:root /app/dist/server ./dist/server
USER node
EXPOSE 9090
# The slim image has no curl: node itself asks /watchdog, which needs no token.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 9090) + '/watchdog', { headers: { 'Health-Check': 'container' }, signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The relay finishes in-flight requests on SIGTERM, then exits 0; give `docker stop` at least
# REQUEST_TIMEOUT_MS (20 s) + 5 s, e.g. `docker stop -t 30`.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/index.mjs"]
