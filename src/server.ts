import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import type { Span } from '@opentelemetry/api';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import { handleAdminRequest } from './admin/adminRoutes.js';
import { AuditStore } from './audit/auditStore.js';
import { AuditTrail } from './audit/auditTrail.js';
import { Authenticator, type Caller } from './auth/authenticate.js';
import { loadConsumers } from './auth/consumers.js';
import { RateLimits } from './auth/rateLimits.js';
import { ScopeRules } from './auth/scopes.js';
import { CacheCounters, cachePolicyFrom, createCache, Invalidator, readThrough, type Cache } from './cache/index.js';
import { requestStaleness } from './cache/staleness.js';
import type { Config } from './config.js';
import { createRequestContext, type ContextDependencies, type RequestContext } from './context.js';
import { countersSnapshot, type CountersSnapshot } from './counters.js';
import { today } from './dates.js';
import { ErrorCode, formatErrorFor } from './errors.js';
import { errorBody, gatewayErrorBody, headerMapOf, MAX_BODY_BYTES, readBody, sendGraphQL, sendJson } from './http.js';
import { createFetchers, withBatchSizes, type LoaderOptions } from './loaders/index.js';
import { GatewayMetrics } from './metrics.js';
import { Tracing } from './tracing.js';
import { Playground } from './playground/playground.js';
import { useAccessControl } from './plugins/accessControl.js';
import { trackPersonsRead, useAuditTrail } from './plugins/auditTrail.js';
import { operationLimits, tokensOverLimit } from './plugins/operationLimits.js';
import { useRequestDetails } from './plugins/requestDetails.js';
import { useStaleAnswers } from './plugins/staleAnswers.js';
import { buildSchema } from './schema.js';
import { closeSources, openSources, type Sources } from './sources/index.js';

// How long no request may be in flight before a stopping gateway closes the connections left: the
// request of a connection accepted just before it stopped listening arrives within it.
const SHUTDOWN_SETTLE_MS = 250;

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
  /** The current day; tests fix it. */
  today?: () => string;
}

/** A running gateway: its HTTP server, its Apollo server and how to stop both. */
export interface Gateway {
  readonly httpServer: http.Server;
  readonly apollo: ApolloServer<RequestContext>;
  readonly sources: Sources;
  /** Null when the gateway runs without a cache. */
  readonly cache: Cache | null;
  /** The URL of the GraphQL endpoint once listening. */
  url(): string;
  /** Cache hits and misses per kind, statements per registry, since start. */
  counters(): CountersSnapshot;
  listen(port?: number): Promise<void>;
  /**
   * Stops accepting, lets the requests it accepted finish (their access records written) for up to
   * `shutdownGraceMs`, then closes the registries, the cache it opened itself and the audit trail.
   */
  stop(): Promise<void>;
}

/** Wires the schema, the loaders over the sources, Apollo and the HTTP listener together. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, log } = options;
  const sources = options.sources ?? openSources(config, log);
  const cache = options.cache === undefined ? createCache(config, log) : options.cache;
  const cacheCounters = new CacheCounters();
  const policy = cachePolicyFrom(config);
  // No answer without its record: a gateway that cannot reach its audit trail does not start.
  const auditStore = await AuditStore.open(config.auditDatabaseUrl);
  const counters = () => countersSnapshot(sources, cache && { kind: cache.kind, counters: cacheCounters });
  const metrics = new GatewayMetrics(sources, counters);
  const tracing = config.tracingEndpoint === null ? null : Tracing.create(config.tracingEndpoint);
  if (tracing) {
    for (const registry of [sources.civil, sources.address, sources.vehicle]) {
      registry.onStatement((outcome, ms, queryName) => tracing.statement(registry.label, registry.engine, queryName, outcome, ms));
    }
  }
  const fetchers = cache ? readThrough(createFetchers(sources), cache, policy, cacheCounters) : createFetchers(sources);
  const deps: ContextDependencies = {
    sources,
    auditStore,
    fetchers: withBatchSizes(fetchers, (loader, keys) => metrics.batch(loader, keys)),
    loaderOptions: options.loaderOptions,
    today: options.today ?? (() => today()),
  };
  const admin = { adminKeySha256: config.adminKeySha256, invalidator: cache && new Invalidator(cache, policy), counters, log };
  const consumers = await loadConsumers(config.consumersFile);
  if (consumers.developmentKeys && config.production) {
    log.warn({ consumersFile: config.consumersFile }, 'the consumers file holds the published development keys: fit for synthetic data only');
  }
  const authenticator = await Authenticator.create(consumers, config.production);
  const playground = await Playground.create({ consumers, consumersFile: config.consumersFile, production: config.production, sources, today: deps.today });
  const rateLimits = RateLimits.create(consumers, { redis: config.redis, keyPrefix: config.cachePrefix, commandTimeoutMs: config.redisCommandTimeoutMs });
  const schema = trackPersonsRead(buildSchema());
  const formatError = formatErrorFor(config.production);
  const limits = operationLimits(schema, config.operationLimits);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    plugins: [
      // The default landing page loads Apollo Sandbox from a CDN; nothing may load from outside.
      ApolloServerPluginLandingPageDisabled(),
      // Its HTTP cache hints serve no caller here (every answer is no-store, set below), and it hooks
      // into the resolution of every field.
      ApolloServerPluginCacheControlDisabled(),
      useRequestDetails(),
      limits.plugin,
      useAccessControl(new ScopeRules(schema)),
      useStaleAnswers(),
      useAuditTrail(new AuditTrail(auditStore, (ok, ms) => metrics.auditWrite(ok, ms)), () => metrics.error(ErrorCode.AUDIT_UNAVAILABLE)),
    ],
    validationRules: limits.validationRules,
    formatError: (formatted, error) => {
      const answered = formatError(formatted, error);
      metrics.error(String(answered.extensions?.code));
      return answered;
    },
    includeStacktraceInErrorResponses: false,
    // Apollo's own warnings go to the gateway's log, not to the console.
    logger: log,
    introspection: true,
    // Start-up (main.ts) owns SIGINT/SIGTERM; a second handler here raced it and could hang shutdown.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  // Requests accepted and not yet answered: what a stopping gateway waits for.
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  const httpServer = http.createServer((request, response) => {
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
    // A stopping gateway answers what it accepted and asks the client not to send more on this connection.
    if (stopping) response.setHeader('connection', 'close');
    const handled = tracing && request.url?.startsWith('/graphql') ? tracing.request((span) => handle(request, response, span)) : handle(request, response);
    void handled.catch((error: unknown) => {
      log.error({ errorType: error instanceof Error ? error.name : typeof error }, 'request handling failed');
      if (!response.headersSent) sendJson(response, 500, errorBody(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'));
      else response.destroy();
    });
  });

  /** Answers one request; `span`, when traced, is the request's span, ended with the answer. */
  async function handle(request: IncomingMessage, response: ServerResponse, span?: Span): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(request);
    const requestLog = log.child({ requestId });
    const url = new URL(request.url ?? '/', 'http://gateway');
    response.setHeader('x-request-id', requestId);
    // Answers carry personal data: no browser or proxy may keep them.
    response.setHeader('cache-control', 'no-store');
    let context: RequestContext | undefined;
    let caller: Caller | undefined;
    response.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const operationName = context?.request.operationName ?? null;
      requestLog.info(
        { method: request.method, path: url.pathname, consumer: caller?.consumer.id ?? null, status: response.statusCode, operationName, durationMs },
        'request',
      );
      if (url.pathname === '/graphql' && !String(response.getHeader('content-type')).startsWith('text/html')) metrics.request(operationName, response.statusCode, durationMs);
      if (span) tracing?.endRequest(span, { operationName, consumer: caller?.consumer.id ?? null, requestId, status: response.statusCode });
    });
    // A request refused before Apollo: its error counted as Apollo's are.
    const refuse = (status: number, body: { errors: Array<{ extensions: Record<string, unknown> }> }) => {
      metrics.error(String(body.errors[0]?.extensions.code));
      sendJson(response, status, body);
    };

    if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'alive' });
    if (url.pathname === '/readyz') return sendJson(response, ...(await readiness()));
    if (url.pathname === '/metrics' && request.method === 'GET') {
      response.setHeader('content-type', metrics.registry.contentType);
      response.end(await metrics.registry.metrics());
      return;
    }
    if (request.method === 'GET' && (url.pathname === '/' || (url.pathname === '/graphql' && !url.searchParams.has('query') && acceptsHtml(request)))) {
      return playground.sendPage(response);
    }
    if (url.pathname.startsWith('/playground/') && request.method === 'GET' && playground.sendAsset(response, url.pathname.slice('/playground/'.length))) return;
    if (url.pathname.startsWith('/admin/')) return handleAdminRequest(request, response, url.pathname, admin);
    if (url.pathname !== '/graphql') return refuse(404, errorBody(ErrorCode.NOT_FOUND, 'Not found; the GraphQL endpoint is /graphql'));

    const body = await readBody(request);
    if (body === null) {
      // The size it declared, when it did: reading stops at the limit.
      const declared = Number(request.headers['content-length']);
      const measured = Number.isSafeInteger(declared) && declared > MAX_BODY_BYTES ? { measured: declared } : {};
      return refuse(413, errorBody(ErrorCode.REQUEST_TOO_LARGE, `The request body is over the limit of ${MAX_BODY_BYTES} bytes`, { limit: 'bodyBytes', ...measured, max: MAX_BODY_BYTES }));
    }
    let parsedBody: unknown = body;
    if (request.method === 'POST' && /^application\/(graphql-response\+)?json/i.test(request.headers['content-type'] ?? '')) {
      try {
        parsedBody = body === '' ? {} : JSON.parse(body);
      } catch {
        return refuse(400, errorBody(ErrorCode.BAD_REQUEST, 'The request body is not valid JSON'));
      }
    }
    const authenticated = await authenticator.authenticate(request.headers);
    if ('status' in authenticated) {
      if (authenticated.status === 401) response.setHeader('www-authenticate', 'Bearer');
      const code = authenticated.status === 401 ? ErrorCode.UNAUTHENTICATED : ErrorCode.BAD_REQUEST;
      return refuse(authenticated.status, errorBody(code, authenticated.message));
    }
    caller = authenticated;
    const rate = await rateLimits.admit(caller.consumer);
    // The draft IETF RateLimit fields, so a consumer can pace itself before it is refused.
    response.setHeader('ratelimit-limit', rate.limit.requests);
    response.setHeader('ratelimit-remaining', rate.remaining);
    response.setHeader('ratelimit-reset', rate.resetSeconds);
    if (!rate.admitted) {
      response.setHeader('retry-after', rate.resetSeconds);
      const { requests, perSeconds } = rate.limit;
      return refuse(429, errorBody(
        ErrorCode.RATE_LIMITED,
        `The consumer ${caller.consumer.id} may send ${requests} requests in ${perSeconds} s; try again in ${rate.resetSeconds} s`,
        { limit: 'requests', max: requests, perSeconds, retryAfterSeconds: rate.resetSeconds },
      ));
    }
    // Apollo parses what it is given: a document too long is refused before the parser meets it.
    const query = request.method === 'GET' ? url.searchParams.get('query') : (parsedBody as { query?: unknown } | null)?.query;
    const tooLong = tokensOverLimit(query, config.operationLimits);
    if (tooLong) return refuse(400, gatewayErrorBody(tooLong));
    context = createRequestContext(deps, requestId, caller, requestLog);
    const result = await requestStaleness.run(context.staleness, () => apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers: headerMapOf(request), search: url.search, body: parsedBody },
      context: async () => context!,
    }));
    await sendGraphQL(response, result);
  }

  // Ready while the audit trail answers: without it no personal data may leave. Registries and the
  // cache are reported, not required: a registry that fails costs its own fields, Redis nothing.
  async function readiness(): Promise<[number, Record<string, unknown>]> {
    const [auditTrail, cacheReachable] = await Promise.all([auditStore.reachable(), cache?.reachable() ?? null]);
    const ready = auditTrail && !stopping;
    return [
      ready ? 200 : 503,
      {
        status: stopping ? 'stopping' : ready ? 'ready' : 'not ready',
        auditTrail: auditTrail ? 'reachable' : 'unreachable',
        cache: cache && { kind: cache.kind, state: cacheReachable ? 'reachable' : 'unreachable' },
        registries: { civil: sources.civil.circuit, address: sources.address.circuit, vehicle: sources.vehicle.circuit },
      },
    ];
  }

  return {
    httpServer,
    apollo,
    sources,
    cache,
    counters,
    url() {
      const address = httpServer.address() as AddressInfo | null;
      return `http://127.0.0.1:${address?.port ?? config.port}/graphql`;
    },
    listen(port = config.port) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
    },
    async stop() {
      stopping = true;
      for (const response of inFlight) if (!response.headersSent) response.setHeader('connection', 'close');
      // Stop listening only: http.Server.close would also drop the connections without a request
      // yet, among them one just accepted whose request is still on its way.
      const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(httpServer, () => resolve()));
      const deadline = Date.now() + config.shutdownGraceMs;
      let quietSince = Date.now();
      while (Date.now() < deadline && (inFlight.size > 0 || Date.now() - quietSince < SHUTDOWN_SETTLE_MS)) {
        if (inFlight.size > 0) quietSince = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      if (inFlight.size > 0) log.warn({ requests: inFlight.size, graceMs: config.shutdownGraceMs }, 'requests still unanswered at the end of the grace period: their connections are closed');
      httpServer.closeAllConnections();
      await closed;
      // Ends what http.Server keeps besides the listener (its connection checks).
      httpServer.close(() => {});
      await apollo.stop();
      await Promise.all([
        options.sources ? null : closeSources(sources),
        options.cache === undefined ? cache?.close() : null,
        auditStore.close(),
        rateLimits.close(),
        tracing?.shutdown(),
      ]);
    },
  };
}

// A caller's request id is kept when it is a plain token, so its logs and ours correlate.
function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
}

// A browser opening the endpoint asks for a page; a GraphQL client asks for JSON.
function acceptsHtml(request: IncomingMessage): boolean {
  return /\btext\/html\b/.test(request.headers.accept ?? '');
}
