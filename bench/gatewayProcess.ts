import type { ServerResponse } from 'node:http';
import pino from 'pino';
import { createMemoryCache } from '../src/cache/index.js';
import { loadConfig } from '../src/config.js';
import { createLogger, logDestination } from '../src/logger.js';
import { createGateway, type GatewayOptions } from '../src/server.js';
import { processReport, serveParent } from './parentChannel.js';
import { GATEWAY_MODES, isGatewayMode, type GatewayMode, type GatewayReport } from './protocol.js';

// The child the benchmark loads: one gateway, in the mode its first argument names.
const mode = process.argv[2];
if (!isGatewayMode(mode)) throw new Error(`Unknown gateway mode "${mode}"; use one of ${GATEWAY_MODES.join(', ')}`);
const config = loadConfig(process.env);
const MODE_OPTIONS: Record<GatewayMode, Pick<GatewayOptions, 'cache' | 'loaderOptions' | 'accessRecorder'>> = {
  naive: { cache: null, loaderOptions: { batch: false } },
  batched: { cache: null },
  // The cache the config names: REDIS_URL is set, so Redis.
  cached: {},
  'in-process': { cache: createMemoryCache(config.cacheMemoryEntries) },
  // The cached gateway with nothing waiting on the trail: the baseline of what recording costs.
  'cached-no-trail': { accessRecorder: { record: async () => {} } },
};
// Every line is written as in production, to nowhere; warnings and errors also reach the parent,
// which counts them: the per-request lines would cost the load generator's CPU.
const log = createLogger(config, pino.multistream([{ level: 'info', stream: logDestination('/dev/null') }, { level: 'warn', stream: process.stdout }]));
const gateway = await createGateway({ config, log, ...MODE_OPTIONS[mode] });

let requestsReceived = 0;
// Requests not answered yet, those whose client hung up included: the gateway still works on them.
const unanswered = new Set<ServerResponse>();
gateway.httpServer.on('request', (_request, response: ServerResponse) => {
  requestsReceived += 1;
  unanswered.add(response);
  response.once('finish', () => unanswered.delete(response));
});
// A request whose client hung up before its body was read never reaches its operation, and fastify
// sends nothing for it: nothing is left to wait for.
const answered = (response: ServerResponse) => response.writableEnded || (response.req.destroyed && !response.req.readableEnded);
const requestsInFlight = () => {
  for (const response of unanswered) if (answered(response)) unanswered.delete(response);
  return unanswered.size;
};

await gateway.listen();
serveParent(
  gateway.url(),
  (): GatewayReport => ({
    counters: gateway.counters(),
    ...processReport(),
    rssKb: Math.round(process.memoryUsage().rss / 1024),
    requestsReceived,
    requestsInFlight: requestsInFlight(),
  }),
  () => gateway.stop(),
);
