import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache, type Cache } from '../../src/cache/index.js';
import { createLogger } from '../../src/logger.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redis.js';
import { until } from '../support/until.js';

// Short, so that a frozen Redis is noticed soon; the live one answers a heartbeat far sooner.
const COMMAND_TIMEOUT_MS = 300;

let redis: PrivateRedis;
let cache: Cache;
let other: Redis;
const told: Array<string[] | null> = [];

beforeAll(async () => {
  redis = await startPrivateRedis();
  cache = createRedisCache({ mode: 'standalone', url: redis.url }, createLogger({ logLevel: 'silent' }), {
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
    invalidationChannel: 'tracked:invalidations',
    keyPrefix: 'tracked:',
  });
  cache.changes!.onChange((keys) => told.push(keys === null ? null : [...keys]));
  other = new Redis(redis.url);
  await until('Redis to tell the cache of changes', () => cache.changes!.session !== null);
});

afterAll(async () => {
  other?.disconnect();
  await cache?.close();
  await redis?.kill();
});

describe("the Redis cache's change tracking", () => {
  it('tells of what another process changed under the prefix, and not of what this process wrote or of other keys', async () => {
    told.length = 0;
    await cache.setMany([{ key: 'tracked:own', value: '1', ttlSeconds: 60 }]);
    await other.set('untracked:theirs', '1');
    await other.set('tracked:theirs', '1');
    await other.del('tracked:theirs');
    // Redis tells in the order of the changes: once the last is heard, none before it is still on its way.
    await until('the deletion to be told', () => told.filter((keys) => keys?.[0] === 'tracked:theirs').length === 2);
    expect(told).toEqual([['tracked:theirs'], ['tracked:theirs']]);
  });

  it('stops telling when Redis stops answering, telling the listeners, and starts a new session once it answers again', async () => {
    const session = cache.changes!.session;
    told.length = 0;
    await redis.freeze();
    try {
      await until('the tracking to stop', () => cache.changes!.session === null);
      expect(told).toEqual([null]);
    } finally {
      redis.thaw();
    }
    await until('the tracking to start again', () => cache.changes!.session !== null);
    expect(cache.changes!.session).not.toBe(session);
    // And changes are told again.
    await other.set('tracked:after', '1');
    await until('the change to be told', () => told.some((keys) => keys?.[0] === 'tracked:after'));
  });
});

describe('a Redis that refuses tracking', () => {
  it('says so once in the log and leaves the cache untold, as a Redis Cluster is', async () => {
    // As a proxy or an ACL that forbids CLIENT does.
    const refusing = await startPrivateRedis(['--rename-command', 'CLIENT', '']);
    const lines: string[] = [];
    const untold = createRedisCache({ mode: 'standalone', url: refusing.url }, createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(line) }), {
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      invalidationChannel: 'refused:invalidations',
      keyPrefix: 'refused:',
    });
    try {
      await until('the refusal to be logged', () => lines.some((line) => line.includes('does not tell this process of changes')));
      expect(untold.changes!.session).toBeNull();
      expect(await untold.reachable()).toBe(true);
    } finally {
      await untold.close();
      await refusing.kill();
    }
  });
});
