import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { adminRoutes } from './admin/adminRoutes.js';
import { AuditStore } from './audit/auditStore.js';
import { AuditTrail, type AccessRecorder } from './audit/auditTrail.js';
import { CheckpointSigner, signingKeyMadeIfMissing } from './audit/checkpoints.js';
import { WitnessDirectory } from './audit/witness.js';
import { Authenticator } from './auth/authenticate.js';
import { loadConsumers } from './auth/consumers.js';
import { refuseInvalidTrustedDocuments } from './auth/trustedDocuments.js';
import { refusePublishedCredentials } from './auth/developmentCredentials.js';
import { RateLimits } from './auth/rateLimits.js';
import { CacheCounters, cachePolicyFrom, createCache, Invalidator, readThrough, type Cache } from './cache/index.js';
import type { Config } from './config.js';
import { AuditWriteCounters, countersSnapshot, type CountersSnapshot } from './counters.js';
import { CursorSeal } from './cursors.js';
import { today } from './dates.js';
import { createGraphQLServer } from './graphqlServer.js';
import { createEdge } from './http/edge.js';
import { exportRoutes } from './http/exportRoutes.js';
import { graphqlRoutes } from './http/graphqlRoutes.js';
import { operationsRoutes } from './http/operationsRoutes.js';
import { createFetchers, withBatchSizes, type LoaderOptions } from './loaders/index.js';
import { GatewayMetrics } from './metrics.js';
import { Playground } from './playground/playground.js';
import { trackSubjects } from './plugins/auditTrail.js';
import { buildSchema } from './schema.js';
import { closeSources, openSources, type Sources } from './sources/index.js';
import { Tracing } from './tracing.js';

export interface GatewayOptions {
  config: Config;
  log: Logger;
  /** The registries; opened from the config when not given, and then closed by `stop`. */
  sources?: Sources;
  /**
   * The cache under the loaders; made from the config when not given, and then closed by `stop`.
   * Null reads the registries directly: the baseline the benchmark compares against.
   */
  cache?: Cache | null;
  loaderOptions?: LoaderOptions;
  /**
   * What records the answers' access events; the audit trail the config names when not given. Only
   * the benchmark gives another, to measure what the trail costs: no setting turns the trail off.
   */
  accessRecorder?: AccessRecorder;
  /** The current day; tests fix it. */
  today?: () => string;
}

/** A running gateway: its HTTP server and how to stop it. */
export interface Gateway {
  readonly httpServer: http.Server;
  readonly sources: Sources;
  /** Null when the gateway runs without a cache. */
  readonly cache: Cache | null;
  /** The URL of the GraphQL endpoint once listening. */
  url(): string;
  /** Cache hits and misses per kind, statements per registry and the audit trail's writes, since start. */
  counters(): CountersSnapshot;
  listen(port?: number): Promise<void>;
  /**
   * Stops accepting, lets the requests it accepted finish (their access records written) for up to
   * `shutdownGraceMs`, then closes what it opened, the last opened first.
   */
  stop(): Promise<void>;
}

/** The composition root: builds the parts, each to be closed with the HTTP edge, and routes requests to them. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, log } = options;
  const metrics = new GatewayMetrics();
  const edge = await createEdge({ log, shutdownGraceMs: config.shutdownGraceMs, overload: config.overload, onRefusal: (code) => metrics.error(code) });
  // Closed once the last request is answered, the last created first.
  const closing = <T>(part: T, close: (part: T) => unknown): T => {
    edge.app.addHook('onClose', async () => void (await close(part)));
    return part;
  };
  try {
    const consumers = await loadConsumers(config.consumersFile);
    // A published key opens the registries to anyone who read the README: production does not start with one.
    if (config.production) await refusePublishedCredentials(consumers, config.consumersFile);
    const sources = options.sources ?? closing(openSources(config, log), closeSources);
    const cache = options.cache === undefined ? closing(createCache(config, log), (opened) => opened?.close()) : options.cache;
    // No answer without its record: a gateway that cannot reach its audit trail does not start.
    const auditStore = closing(await AuditStore.open(config.auditDatabaseUrl, { writeLanes: config.audit.writeLanes }), (store) => store.close());
    const cacheCounters = new CacheCounters();
    const auditWrites = options.accessRecorder ? null : new AuditWriteCounters();
    const counters = () => countersSnapshot(sources, cache && { kind: cache.kind, counters: cacheCounters }, auditWrites);
    metrics.observe(sources, counters);
    const tracing = config.tracingEndpoint === null ? null : closing(Tracing.create(config.tracingEndpoint), (opened) => opened.shutdown());
    tracing?.traceStatementsOf(sources);
    const policy = cachePolicyFrom(config);
    const fetchers = cache ? readThrough(createFetchers(sources), cache, policy, cacheCounters) : createFetchers(sources);
    const contextDependencies = {
      sources,
      auditStore,
      fetchers: withBatchSizes(fetchers, (loader, keys) => metrics.batch(loader, keys)),
      cached: cache !== null,
      loaderOptions: options.loaderOptions,
      cursors: config.cursorKey === null ? CursorSeal.withRandomKey() : new CursorSeal(config.cursorKey),
      today: options.today ?? (() => today()),
    };
    if (config.cursorKey === null && config.production) log.warn('no CURSOR_KEY: a list cursor opens only on the replica that made it, until it restarts');
    const playground = await Playground.create({
      consumers,
      consumersFile: config.consumersFile,
      production: config.production,
      registries: { civil: config.civilRegistryUrl, address: config.addressRegisterUrl, vehicle: config.vehicleRegistryUrl },
      sources,
      today: contextDependencies.today,
    });
    const rateLimits = closing(
      RateLimits.create(consumers, { redis: config.redis, keyPrefix: config.cachePrefix, commandTimeoutMs: config.redisCommandTimeoutMs }),
      (limits) => limits.close(),
    );
    const auditTrail = options.accessRecorder ?? closing(
      new AuditTrail({
        store: auditStore,
        signer: await checkpointSigner(config),
        witness: new WitnessDirectory(config.audit.witnessDir),
        checkpointSeconds: config.audit.checkpointSeconds,
        lanes: config.audit.writeLanes,
        log,
        onWrite: (ok, ms, records) => {
          metrics.auditWrite(ok, ms);
          if (ok) auditWrites?.count(records, ms);
        },
      }),
      (trail) => trail.close(),
    );
    if (auditTrail instanceof AuditTrail) metrics.observeAuditBacklog(() => auditTrail.backlog);
    const schema = buildSchema();
    refuseInvalidTrustedDocuments(schema, consumers, config.consumersFile);
    const graphql = createGraphQLServer({ schema: trackSubjects(schema), config, log, metrics, auditTrail });
    const authenticator = await Authenticator.create(consumers, config.production);

    const { app } = edge;
    await app.register(operationsRoutes({ edge, auditStore, cache, sources, metrics }));
    await app.register(playground.routes());
    await app.register(adminRoutes({ adminKeySha256: config.adminKeySha256, invalidator: cache && new Invalidator(cache, policy), counters, log }));
    await app.register(exportRoutes({
      authenticator, rateLimits, sources, fetchers: contextDependencies.fetchers, trail: auditTrail, metrics, today: contextDependencies.today,
    }));
    await app.register(graphqlRoutes({ graphql, authenticator, rateLimits, contextDependencies, playground, metrics, tracing }));
    await app.ready();
    return {
      httpServer: app.server,
      sources,
      cache,
      counters,
      url() {
        const address = app.server.address() as AddressInfo | null;
        return `http://127.0.0.1:${address?.port ?? config.port}/graphql`;
      },
      async listen(port = config.port) {
        // Every address, IPv6 and IPv4, as a plain Node server listens.
        await app.listen({ port, host: '::' });
      },
      stop: () => edge.stop(),
    };
  } catch (error) {
    await edge.app.close();
    throw error;
  }
}

// Production signs with the key made and published for it; over synthetic data one is made on first start.
async function checkpointSigner(config: Config): Promise<CheckpointSigner> {
  const file = config.audit.signingKeyFile;
  if (!config.production) return signingKeyMadeIfMissing(file);
  return CheckpointSigner.fromFile(file).catch((error: unknown) => {
    throw new Error(`AUDIT_SIGNING_KEY_FILE ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'not a key'}): make the gateway's key with npm run audit:keygen and publish its .pub`);
  });
}
