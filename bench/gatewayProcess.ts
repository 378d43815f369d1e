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
// Each holds a slot of an array that is reused, not an entry of a Set: once a Set's hash table is in
// the old generation, V8 makes the tables that replace it there too, and a table it has outgrown
// keeps its entries, and a link to the next, until a full collection. Each scavenge then found the
// responses of requests long answered still reachable, and moved them to the old generation: 0.5 to
// 1.6 MB a scavenge in a gateway whose requests wait for the trail's commit, against 0.05 in one
// that waits on nothing, which cost the first a collector working several times as hard.
const unanswered: Array<ServerResponse | null> = [];
const freeSlots: number[] = [];
const release = (slot: number, response: ServerResponse) => {
  if (unanswered[slot] !== response) return;
  unanswered[slot] = null;
  freeSlots.push(slot);
};
gateway.httpServer.on('request', (_request, response: ServerResponse) => {
  requestsReceived += 1;
  const slot = freeSlots.pop() ?? unanswered.length;
  unanswered[slot] = response;
  response.once('finish', () => release(slot, response));
});
// A request whose client hung up before its body was read never reaches its operation, and fastify
// sends nothing for it: nothing is left to wait for.
const answered = (response: ServerResponse) => response.writableEnded || (response.req.destroyed && !response.req.readableEnded);
const requestsInFlight = () => {
  unanswered.forEach((response, slot) => {
    if (response !== null && answered(response)) release(slot, response);
  });
  return unanswered.length - freeSlots.length;
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
