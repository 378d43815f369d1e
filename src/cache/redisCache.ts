import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Cache } from './cache.js';

export interface RedisCacheOptions {
  /** How long one command may take before the registry is read instead. */
  commandTimeoutMs: number;
}

/** The cache shared by the replicas. A slow or absent Redis costs a bounded wait, never a failed request. */
export function createRedisCache(url: string, log: Logger, options: RedisCacheOptions): Cache {
  const redis = new Redis(url, {
    commandTimeout: options.commandTimeoutMs,
    // Commands fail at once while disconnected instead of queueing behind the outage.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let reachable = true;
  // One line per outage, not one per request.
  const unreachable = () => {
    if (reachable) log.warn({ cache: 'redis' }, 'cache unreachable; reading the registries');
    reachable = false;
  };
  redis.on('error', unreachable);
  redis.on('ready', () => {
    if (!reachable) log.info({ cache: 'redis' }, 'cache reachable again');
    reachable = true;
  });

  return {
    async getMany(keys) {
      if (keys.length === 0) return [];
      try {
        return await redis.mget(...keys);
      } catch {
        unreachable();
        return keys.map(() => null);
      }
    },
    async setMany(entries) {
      if (entries.length === 0) return;
      const pipeline = redis.pipeline();
      for (const { key, value, ttlSeconds } of entries) pipeline.set(key, value, 'PX', Math.round(ttlSeconds * 1000));
      try {
        await pipeline.exec();
      } catch {
        unreachable();
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}
