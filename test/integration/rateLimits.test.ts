import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsumers } from '../../src/auth/consumers.js';
import { RateLimits } from '../../src/auth/rateLimits.js';
import type { Config } from '../../src/config.js';
import { apiKeyConsumer, authHeaders } from '../support/consumers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { freePort, SHARED_REDIS_URL, startPrivateRedis } from '../support/redis.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';
import { until } from '../support/until.js';

// A window that no run of the tests outlasts, however slow the machine.
const LIMIT = { requests: 5, perSeconds: 3600 };
const KEYS = {
  clinic: `clinic-${randomBytes(8).toString('hex')}`,
  registry: `registry-${randomBytes(8).toString('hex')}`,
  probe: `probe-${randomBytes(8).toString('hex')}`,
  payroll: `payroll-${randomBytes(8).toString('hex')}`,
};
// The probe's requests are few enough to be counted in Redis one by one; the payroll's many.
const LIMITS: Record<keyof typeof KEYS, typeof LIMIT> = { clinic: LIMIT, registry: LIMIT, probe: { ...LIMIT, requests: 50 }, payroll: { ...LIMIT, requests: 1000 } };

// Two consumers with the same small limit, each counted on its own, one the tests probe with, and one
// with many requests.
const dir = mkdtempSync(path.join(tmpdir(), 'gw-rate-'));
const CONSUMERS_FILE = path.join(dir, 'consumers.json');
writeFileSync(
  CONSUMERS_FILE,
  JSON.stringify({
    consumers: Object.entries(KEYS).map(([id, key]) =>
      apiKeyConsumer(id, key, { system: `Rate-limited ${id}`, scopes: ['identity'], rateLimit: LIMITS[id as keyof typeof KEYS] }),
    ),
  }),
);

const QUERY = '{ municipality(code: 1) { nameSq } }';

let registries: TestRegistries;
const started: TestGateway[] = [];

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 50);
});

afterAll(async () => {
  await Promise.all(started.map((gateway) => gateway.stop()));
  await registries?.drop();
});

async function gatewayWith(config: Partial<Config>): Promise<TestGateway> {
  const gateway = await startTestGateway(registries.targets, { config: { consumersFile: CONSUMERS_FILE, ...config } });
  started.push(gateway);
  return gateway;
}

const onSharedRedis = (): Partial<Config> => ({
  redis: { mode: 'standalone', url: SHARED_REDIS_URL },
  cachePrefix: `rate-${process.pid}-${randomBytes(4).toString('hex')}`,
  // Redis answering late must not make a replica count on its own here.
  redisCommandTimeoutMs: 10_000,
});

async function send(gateway: TestGateway, consumer: keyof typeof KEYS): Promise<Response> {
  return fetch(gateway.gateway.url(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(KEYS[consumer], 'testing') },
    body: JSON.stringify({ query: QUERY }),
  });
}

/**
 * Waits until `gateway` counts in Redis under `prefix`: it connects as it starts, and counts on its
 * own until then. Each probe is a request of the probing consumer.
 */
async function untilCountingInRedis(gateway: TestGateway, prefix: string): Promise<void> {
  const redis = new Redis(SHARED_REDIS_URL);
  const counted = async () => Number(await redis.get(`${prefix}:rate:probe`));
  try {
    await until('the gateway to count in Redis', async () => {
      const before = await counted();
      await (await send(gateway, 'probe')).arrayBuffer();
      return (await counted()) === before + 1;
    });
  } finally {
    redis.disconnect();
  }
}

async function expectRefused(response: Response): Promise<void> {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(LIMIT.perSeconds);
  expect(response.headers.get('ratelimit-remaining')).toBe('0');
  const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
  expect(body.errors[0]!.extensions).toEqual({ code: 'RATE_LIMITED', limit: 'requests', max: LIMIT.requests, perSeconds: LIMIT.perSeconds, retryAfterSeconds: retryAfter });
  expect(body.errors[0]!.message).toContain(`may send ${LIMIT.requests} requests in ${LIMIT.perSeconds} s`);
}

describe('rate limits per consumer', () => {
  it('are counted across replicas on one Redis, with the count left in every answer', async () => {
    const config = onSharedRedis();
    const [a, b] = [await gatewayWith(config), await gatewayWith(config)];
    for (const gateway of [a, b]) await untilCountingInRedis(gateway, config.cachePrefix!);
    const remaining: Array<string | null> = [];
    for (const gateway of [a, a, a, b, b]) {
      const response = await send(gateway, 'clinic');
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe(String(LIMIT.requests));
      remaining.push(response.headers.get('ratelimit-remaining'));
      await response.arrayBuffer();
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    let refused: Response | undefined;
    const statements = await b.statementsDuring(async () => (refused = await send(b, 'clinic')));
    await expectRefused(refused!);
    expect(statements).toEqual({ civil: {}, address: {}, vehicle: {} });
    await expectRefused(await send(a, 'clinic'));
    // Another consumer's count is its own.
    expect((await send(a, 'registry')).status).toBe(200);
    // The count lives in Redis under the gateway's prefix, for the length of the window.
    const redis = new Redis(SHARED_REDIS_URL);
    try {
      const keys = await redis.keys(`${config.cachePrefix}:rate*`);
      expect(keys.sort()).toEqual(['clinic', 'probe', 'registry'].map((consumer) => `${config.cachePrefix}:rate:${consumer}`));
      const ttl = await redis.ttl(`${config.cachePrefix}:rate:clinic`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(LIMIT.perSeconds);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  it('far below the limit, are counted in the process and added to Redis in one command a sync; near it, each in Redis before it is answered', async () => {
    const redis = await startPrivateRedis();
    const consumers = await loadConsumers(CONSUMERS_FILE);
    const payroll = consumers.consumers.find((consumer) => consumer.id === 'payroll')!;
    // Synced only when told, so that what the test sees does not depend on the machine's speed.
    const limits = RateLimits.create(consumers, { redis: { mode: 'standalone', url: redis.url }, keyPrefix: 'batched', commandTimeoutMs: 10_000, syncMs: 3_600_000 });
    const countInRedis = async () => Number(await redis.cli('get', 'batched:rate:payroll'));
    try {
      // Until its connection is up, the process counts on its own.
      const probe = consumers.consumers.find((consumer) => consumer.id === 'probe')!;
      await until('the rate limits to count in Redis', async () => (await limits.admit(probe), Number(await redis.cli('get', 'batched:rate:probe')) > 0));
      const admitted = async (requests: number) => {
        const remaining: number[] = [];
        for (let i = 0; i < requests; i += 1) {
          const decision = await limits.admit(payroll);
          expect(decision.admitted).toBe(true);
          remaining.push(decision.remaining);
        }
        return remaining;
      };
      // The first asks Redis; the next 20 are counted here, and told what is left all the same.
      expect(await admitted(21)).toEqual(Array.from({ length: 21 }, (_, i) => 999 - i));
      expect(await countInRedis()).toBe(1);
      await limits.sync();
      expect(await countInRedis()).toBe(21);
      // Another replica's requests show in what this one is told at its next sync.
      await redis.cli('incrby', 'batched:rate:payroll', '880');
      await admitted(1);
      await limits.sync();
      // 902 counted, 98 left: within a tenth of the limit, every request is counted in Redis as it comes.
      expect(await admitted(3)).toEqual([97, 96, 95]);
      expect(await countInRedis()).toBe(905);
      await redis.cli('incrby', 'batched:rate:payroll', '95');
      expect((await limits.admit(payroll)).admitted).toBe(false);
    } finally {
      await limits.close();
      await redis.kill();
    }
  });

  it('are counted in the process when the gateway runs without Redis', async () => {
    const alone = await gatewayWith({});
    for (let i = 0; i < LIMIT.requests; i += 1) expect((await send(alone, 'clinic')).status).toBe(200);
    await expectRefused(await send(alone, 'clinic'));
  });

  it('never refuse a request because Redis is out of reach: the replica counts on its own', async () => {
    const nowhere = await gatewayWith({ redis: { mode: 'standalone', url: `redis://127.0.0.1:${await freePort()}` }, cachePrefix: 'rate-nowhere' });
    for (let i = 0; i < LIMIT.requests; i += 1) {
      const response = await send(nowhere, 'clinic');
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: unknown }).data).toEqual({ municipality: { nameSq: 'Prishtinë' } });
    }
    await expectRefused(await send(nowhere, 'clinic'));
  });
});
