# syntax=docker/dockerfile:1
# Build stage: compiles better-sqlite3's native addon against this exact Node, and the TypeScript.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: no compiler, non-root, the database on a volume.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATABASE_PATH=/app/data/frontdesk.db \
    INTENTS_DIR=/app/intents \
    TZ=Asia/Jakarta \
    WEB_PORT=8080 \
    WEB_HOST=0.0.0.0
WORKDIR /app
# The charts (IKM, reports) are SVG drawn to PNG by resvg, which needs a font for their words.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node intents ./intents
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
# The microsite (src/web); set WEB_PORT empty to turn it off.
EXPOSE 8080
# node itself is PID 1 and receives docker stop's SIGTERM (npm or tsx in between would orphan the
# desk or kill it mid-stop); the desk installs its signal handlers first thing.
CMD ["node", "dist/main.js"]
