# The gateway image: the compiled gateway on Node.js 24, an LTS line maintained until April 2028, with
# its production dependencies and its software bill of materials, and nothing else of the project.
# Both stages use the same base so the natively compiled better-sqlite3 matches the runtime's Node ABI
# and glibc. The build stage carries the toolchain and the dev dependencies; the runtime stage only what runs.

FROM node:24-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary is at hand: node-gyp needs these.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# What `npm run build` compiles (tsconfig.build.json): dist/src and the dist/resolvers it imports.
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY resolvers ./resolvers
# The bill of materials lists the production dependencies, which are what the pruning keeps.
RUN npm run build \
 && npm run sbom \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
LABEL org.opencontainers.image.title="national-data-gateway" \
      org.opencontainers.image.description="One GraphQL graph of citizens, addresses, vehicles, identity documents and driving licences, read live from the registries that own them." \
      org.opencontainers.image.base.name="docker.io/library/node:24-bookworm-slim" \
      national-data-gateway.sbom="/app/sbom.cdx.json" \
      national-data-gateway.sbom.format="CycloneDX 1.6 JSON"
ENV NODE_ENV=production \
    PORT=4000 \
    DATA_DIR=/app/data
WORKDIR /app
# The code stays owned by root, read-only to the process; only the data and credentials folders are
# the node user's (the embedded SQLite registries when no registry URL is set; the consumers file
# the credentials generator writes, which a volume mounted there keeps with this owner).
COPY --from=build /app/node_modules ./node_modules
# package.json marks the compiled files as ES modules and is where the gateway finds its project root
# (src/projectFiles.ts); the folders after it are the files the gateway reads from that root.
COPY package.json ./
COPY config ./config
COPY schema ./schema
COPY playground ./playground
# The business registry's WSDL, which its stand-in serves over the embedded synthetic companies.
COPY src/seed/businessRegistry/subjektet.wsdl ./src/seed/businessRegistry/subjektet.wsdl
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/resolvers ./dist/resolvers
COPY --from=build /app/dist/sbom.cdx.json ./sbom.cdx.json
RUN mkdir -p /app/data /app/credentials /app/witness /app/business && chown node:node /app/data /app/credentials /app/witness /app/business
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm run start:prod` runs, as one node process without npm in between: it is PID 1 and receives
# SIGTERM itself, and main.js shuts down cleanly on it. Node.js sizes the heap from the container's
# memory limit; under 1 GiB that would leave a young generation of 4 MB semi-spaces, in which the
# bench's (B) ran at two thirds of its speed with 16 MB (V8's own on a larger machine), so the image
# sets 16. The old generation follows the limit (512 MB under 1 GiB).
# The image's other commands are compiled beside it: the seeder, node dist/src/seed/cli.js --citizens N;
# the consumers' credentials generator, node dist/src/auth/cli.js --out /app/credentials; the audit
# trail's tools, node dist/src/audit/cli.js migrate|verify|prune|keygen; the business registry's web
# service stand-in, node dist/src/seed/businessRegistry/cli.js --database URL --port N --host H.
CMD ["node", "--max-semi-space-size=16", "dist/src/main.js"]
