import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CacheCounters, cacheKey, createMemoryCache, createRedisCache, readThrough, type Cache, type CachePolicy,
} from '../../src/cache/index.js';
import { cachePolicyFrom } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config.js';
import { createFetchers, type Fetchers } from '../../src/loaders/index.js';
import { createLogger } from '../../src/logger.js';
import { createGateway } from '../../src/server.js';
import { closeSources, openSources, type Sources } from '../../src/sources/index.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

let registries: TestRegistries;
let sources: Sources;
let known: string[];

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 300);
  const log = createLogger({ logLevel: 'silent' });
  sources = openSources({ civilRegistryUrl: registries.targets.civil, addressRegisterUrl: registries.targets.address, vehicleRegistryUrl: registries.targets.vehicle, poolSize: 2 }, log);
  known = (await sources.civil.searchPersons({ birthMunicipalityCode: 1 }, null, 5)).map((citizen) => citizen.personalNumber);
});

afterAll(async () => {
  await closeSources(sources);
  await registries?.drop();
});

// Commands fail fast (by design) until the first connection is up; the tests start once it is.
async function untilReachable(cache: Cache, probe: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    await cache.setMany([{ key: probe, value: '1', ttlSeconds: 60 }]);
    if ((await cache.getMany([probe]))[0] === '1') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the cache never became reachable');
}

function policy(prefix: string, overrides: Partial<CachePolicy> = {}): CachePolicy {
  return { ...cachePolicyFrom({ ...loadConfig({}), cachePrefix: prefix }), ...overrides };
}

/** The real fetchers, recording which keys reached the registry. */
function recordingFetchers(): { fetchers: Fetchers; asked: string[][] } {
  const real = createFetchers(sources);
  const asked: string[][] = [];
  return {
    asked,
    fetchers: {
      ...real,
      citizenByPersonalNumber: async (keys) => {
        asked.push([...keys]);
        return real.citizenByPersonalNumber(keys);
      },
    },
  };
}

describe.each(['in-process', 'redis'] as const)('the %s cache under the loaders', (kind) => {
  const prefix = `test-${process.pid}-${randomBytes(4).toString('hex')}`;
  let cache: Cache;
  let admin: Redis | undefined;

  beforeAll(async () => {
    cache = kind === 'redis' ? createRedisCache(REDIS_URL, createLogger({ logLevel: 'silent' }), { commandTimeoutMs: 500 }) : createMemoryCache(10_000);
    if (kind === 'redis') admin = new Redis(REDIS_URL);
    await untilReachable(cache, `${prefix}-probe`);
  });

  afterAll(async () => {
    if (admin) {
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length > 0) await admin.del(...keys);
      admin.disconnect();
    }
    await cache.close();
  });

  it('serves a repeated batch from the cache without asking the registry again', async () => {
    const { fetchers, asked } = recordingFetchers();
    const counters = new CacheCounters();
    const cached = readThrough(fetchers, cache, policy(`${prefix}-a`), counters);
    const first = await cached.citizenByPersonalNumber(known.slice(0, 3));
    const second = await cached.citizenByPersonalNumber(known.slice(0, 3));
    expect(second).toEqual(first);
    expect(first.map((citizen) => citizen?.personalNumber)).toEqual(known.slice(0, 3));
    expect(asked).toEqual([known.slice(0, 3)]);
    expect(counters.hits.citizenByPersonalNumber).toBe(3);
    expect(counters.misses.citizenByPersonalNumber).toBe(3);
  });

  it('asks the registry for the misses only, and answers in key order', async () => {
    const { fetchers, asked } = recordingFetchers();
    const cached = readThrough(fetchers, cache, policy(`${prefix}-b`), new CacheCounters());
    await cached.citizenByPersonalNumber([known[1]!]);
    const answer = await cached.citizenByPersonalNumber([known[0]!, known[1]!, known[2]!]);
    expect(asked).toEqual([[known[1]], [known[0], known[2]]]);
    expect(answer.map((citizen) => citizen?.personalNumber)).toEqual(known.slice(0, 3));
  });

  it('keeps "not found" only briefly, and found entries for their kind\'s time', async () => {
    const { fetchers, asked } = recordingFetchers();
    const cached = readThrough(fetchers, cache, policy(`${prefix}-c`, { notFoundTtlSeconds: 1 }), new CacheCounters());
    expect(await cached.citizenByPersonalNumber(['0000000003', known[0]!])).toEqual([null, expect.objectContaining({ personalNumber: known[0] })]);
    await cached.citizenByPersonalNumber(['0000000003', known[0]!]);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await cached.citizenByPersonalNumber(['0000000003', known[0]!]);
    expect(asked).toEqual([['0000000003', known[0]], ['0000000003']]);
  });

  it('never reads an entry written under another cache version', async () => {
    const { fetchers, asked } = recordingFetchers();
    await readThrough(fetchers, cache, policy(`${prefix}-d`, { version: 1 }), new CacheCounters()).citizenByPersonalNumber([known[0]!]);
    await readThrough(fetchers, cache, policy(`${prefix}-d`, { version: 2 }), new CacheCounters()).citizenByPersonalNumber([known[0]!]);
    expect(asked).toEqual([[known[0]], [known[0]]]);
  });

  it('costs no registry statement when a whole query is answered from the cache', async () => {
    const log = createLogger({ logLevel: 'silent' });
    const fetchers = readThrough(createFetchers(sources), cache, policy(`${prefix}-e`), new CacheCounters());
    const gateway = await createGateway({ config: { port: 0, production: true }, sources, log, fetchers });
    await gateway.listen(0);
    try {
      const ask = async () => {
        const response = await fetch(gateway.url(), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: `{ citizen(personalNumber: "${known[0]}") { lastName address { street municipality { nameSq } } documents { number } vehicles { plate } } }` }),
        });
        return response.json();
      };
      const statementsBefore = (await ask(), sources.civil.statements.total + sources.address.statements.total + sources.vehicle.statements.total);
      const again = await ask();
      expect(sources.civil.statements.total + sources.address.statements.total + sources.vehicle.statements.total).toBe(statementsBefore);
      expect((again as any).data.citizen.lastName).toBeTruthy();
    } finally {
      await gateway.stop();
    }
  });
});

describe('a Redis that cannot be reached', () => {
  it('never fails a read: the registry answers, and the outage is logged once', async () => {
    const lines: string[] = [];
    const log = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(line) });
    // Nothing listens on port 1 of the loopback.
    const cache = createRedisCache('redis://127.0.0.1:1', log, { commandTimeoutMs: 100 });
    try {
      const cached = readThrough(createFetchers(sources), cache, policy('unreachable'), new CacheCounters());
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const answer = await cached.citizenByPersonalNumber([known[0]!]);
        expect(answer[0]?.personalNumber).toBe(known[0]);
      }
      expect(lines.filter((line) => line.includes('cache unreachable'))).toHaveLength(1);
    } finally {
      await cache.close();
    }
  });
});

describe('cache keys', () => {
  it('are namespaced and versioned as <prefix>:v<version>:<kind>:<key>', () => {
    expect(cacheKey(policy('ndg'), 'citizenByPersonalNumber', '1234567890')).toBe('ndg:v1:citizenByPersonalNumber:1234567890');
  });
});
