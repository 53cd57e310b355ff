# syntax=docker/dockerfile:1
# hookhive: multi-stage build; the runtime image has only production dependencies and runs as `node`.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts are skipped on purpose: tree-sitter-bash is used as wasm, its native addon is not needed.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json openapi.yaml ./
COPY --chown=node:node public ./public
USER node
EXPOSE 8000
# Healthy unless /health/hooks says "unhealthy" (nothing can accept events) or does not answer.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health/hooks').then(r=>r.json()).then(b=>process.exit(b.status==='unhealthy'?1:0),()=>process.exit(1))"]
# node directly (no npm, no shell) so SIGTERM reaches the service and it drains gracefully.
CMD ["node", "dist/server.js"]
