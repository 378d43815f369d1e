import { randomUUID } from 'node:crypto';
import calculateSlot from 'cluster-key-slot';
import type { Logger } from 'pino';
import type { RedisTarget } from '../config.js';
import { groupBy } from '../groupBy.js';
import type { Redis } from 'ioredis';
import { connectRedis, deadline } from '../redis.js';
import { CacheUnavailableError, type Cache, type InvalidationListener } from './cache.js';
import { trackChanges } from './changeTracking.js';

export interface RedisCacheOptions {
  /** How long one command may take before the registry is read instead. */
  commandTimeoutMs: number;
  /** The pub/sub channel on which replicas announce invalidations. */
  invalidationChannel: string;
  /** What the keys of the entries start with: changes to them are told to this process (one Redis server only). */
  keyPrefix: string;
}

// Slow or failing commands on a live connection are logged at most this often, with their count.
const FAILURE_LOG_INTERVAL_MS = 60_000;

/**
 * The cache shared by the replicas, on one Redis server or a Redis Cluster. A slow or absent Redis
 * costs a bounded wait, never a failed request.
 */
export function createRedisCache(target: RedisTarget, log: Logger, options: RedisCacheOptions): Cache {
  const client = connectRedis(target, 'commands');
  const subscriber = connectRedis(target, 'subscriber');
  const cluster = target.mode === 'cluster';
  const replica = randomUUID();
  const listeners: InvalidationListener[] = [];
  const within = <T>(command: Promise<T>) => deadline(command, options.commandTimeoutMs);
  // A cluster would need a tracking connection per node, each told of its own slots' keys.
  const changes = cluster ? null : trackChanges(client as Redis, target, options.keyPrefix, { timeoutMs: options.commandTimeoutMs, log });

  // One line per outage, not one per request; a command failing while connected is logged sparingly.
  let down = false;
  let everReady = false;
  let failures = 0;
  let failuresLoggedAt = Number.NEGATIVE_INFINITY;
  const outage = () => {
    if (!down) log.warn({ cache: 'redis' }, 'cache unreachable; reading the registries');
    down = true;
  };
  const failed = () => {
    // Commands sent while the first connection is being made fail quietly: that is no outage.
    if (client.status !== 'ready') return everReady ? outage() : undefined;
    failures += 1;
    if (Date.now() - failuresLoggedAt < FAILURE_LOG_INTERVAL_MS) return;
    log.warn({ cache: 'redis', failures, timeoutMs: options.commandTimeoutMs }, 'cache commands failing or too slow; reading the registries');
    failuresLoggedAt = Date.now();
    failures = 0;
  };
  client.on('error', outage);
  client.on('ready', () => {
    if (down) log.info({ cache: 'redis' }, 'cache reachable again');
    down = false;
    everReady = true;
  });
  // The command connection already reports an outage.
  subscriber.on('error', () => {});

  const notify = (keys: readonly string[]) => {
    for (const listener of listeners) listener(keys);
  };
  subscriber.on('message', (_channel: string, message: string) => {
    const announced = parseAnnouncement(message);
    if (announced !== null && announced.replica !== replica) notify(announced.keys);
  });
  subscriber.subscribe(options.invalidationChannel).catch(() => {});

  // Waits for the commands, up to the deadline; any that failed or did not answer counts as a failure.
  const settleWithin = async (commands: Array<Promise<unknown>>) => {
    try {
      const results = await within(Promise.allSettled(commands));
      if (results.some((result) => result.status === 'rejected')) failed();
    } catch {
      failed();
    }
  };

  // A cluster serves each hash slot from one node, and a multi-key command must stay within one slot.
  const bySlot = <T>(items: readonly T[], keyOf: (item: T) => string): T[][] =>
    cluster ? [...groupBy(items, (item) => calculateSlot(keyOf(item))).values()] : [[...items]];

  return {
    kind: cluster ? 'redis-cluster' : 'redis',
    ...(changes ? { changes } : {}),

    async getMany(keys) {
      if (keys.length === 0) return [];
      const found = new Map<string, string | null>();
      // The per-slot MGETs of one batch go out back to back, none waiting for another's answer; one
      // deadline covers them all, and what arrived before it is used.
      const reads = bySlot(keys, (key) => key).map(async (group) => {
        const values = await client.mget(...group);
        group.forEach((key, index) => found.set(key, values[index] ?? null));
      });
      await settleWithin(reads);
      return keys.map((key) => found.get(key) ?? null);
    },

    async setMany(entries) {
      if (entries.length === 0) return;
      // A slot's entries go out as one pipeline, in one write to the socket instead of one a key.
      const writes = bySlot(entries, ({ key }) => key).map(async (group) => {
        const pipeline = client.pipeline();
        for (const { key, value, ttlSeconds } of group) pipeline.set(key, value, 'PX', Math.round(ttlSeconds * 1000));
        const results = await pipeline.exec();
        if (results === null || results.some(([error]) => error !== null)) throw new Error('An entry could not be written to the cache');
      });
      await settleWithin(writes);
    },

    async deleteMany(keys) {
      if (keys.length === 0) return;
      try {
        await Promise.all(bySlot(keys, (key) => key).map((group) => within(client.del(...group))));
      } catch {
        failed();
        throw new CacheUnavailableError('the cache could not be reached to drop entries');
      }
    },

    async announceInvalidation(keys) {
      notify(keys);
      try {
        await within(client.publish(options.invalidationChannel, JSON.stringify({ replica, keys })));
      } catch {
        failed();
        throw new CacheUnavailableError('the cache could not be reached to announce an invalidation');
      }
    },

    onInvalidation(listener) {
      listeners.push(listener);
    },

    async reachable() {
      return within(client.ping()).then(() => true, () => false);
    },
    async close() {
      changes?.close();
      subscriber.disconnect();
      client.disconnect();
    },
  };
}

/**
 * Commands fail at once while disconnected, instead of queueing behind the outage, and are not
 * retried: the registry is read instead. The subscriber's one command may wait for the connection.
 */
function parseAnnouncement(message: string): { replica: string; keys: string[] } | null {
  try {
    const parsed: unknown = JSON.parse(message);
    const { replica, keys } = parsed as { replica?: unknown; keys?: unknown };
    if (typeof replica !== 'string' || !Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) return null;
    return { replica, keys };
  } catch {
    return null;
  }
}
