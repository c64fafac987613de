# syntax=docker/dockerfile:1
# Build stage: compiles better-sqlite3's native addon against this exact Node.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY tsconfig.json ./
COPY src ./src
COPY intents ./intents

# Runtime stage: no compiler, non-root, the database on a volume.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATABASE_PATH=/app/data/frontdesk.db \
    INTENTS_DIR=/app/intents \
    TZ=Asia/Jakarta
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
CMD ["npm", "start"]
