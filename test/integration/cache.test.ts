import { randomBytes } from 'node:crypto';
import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CacheCounters, cacheKey, cachePolicyFrom, CODECS, createMemoryCache, createRedisCache, Invalidator, readThrough, type Cache,
  type CachePolicy, type ChangeListener, type ChangeTracking, type EntityKind,
} from '../../src/cache/index.js';
import { loadConfig, type RedisTarget } from '../../src/config.js';
import type { Citizen } from '../../src/domain.js';
import { createFetchers, type BatchFn, type Fetchers } from '../../src/loaders/index.js';
import { createLogger } from '../../src/logger.js';
import { createGateway } from '../../src/server.js';
import { closeSources, openSources, type Sources } from '../../src/sources/index.js';
import { authHeaders } from '../support/consumers.js';
import { testConfig } from '../support/gateway.js';
import { SHARED_REDIS_URL, startPrivateRedisCluster, type PrivateRedisCluster } from '../support/redis.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';
import { until } from '../support/until.js';

const silent = createLogger({ logLevel: 'silent' });
// These tests are of what the cache holds, not of its timeout: one that no busy machine reaches.
const COMMAND_TIMEOUT_MS = 10_000;

let registries: TestRegistries;
let sources: Sources;
/** Living citizens with an address, in personal-number order. */
let known: Citizen[];

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 300);
  sources = openSources({ ...loadConfig({}), civilRegistryUrl: registries.targets.civil, addressRegisterUrl: registries.targets.address, vehicleRegistryUrl: registries.targets.vehicle, poolSize: 2 }, silent);
  const found = await sources.civil.searchPersons({ birthMunicipalityCode: 1 }, null, 50);
  known = found.filter((citizen) => citizen.status === 'ALIVE' && citizen.addressId !== null).slice(0, 6);
  expect(known).toHaveLength(6);
});

afterAll(async () => {
  await closeSources(sources);
  await registries?.drop();
});

// Commands fail fast (by design) until the first connection is up; the tests start once it is.
async function untilReachable(cache: Cache, probe: string): Promise<void> {
  await until('the cache to keep a value', async () => {
    await cache.setMany([{ key: probe, value: '1', ttlSeconds: 60 }]);
    return (await cache.getMany([probe]))[0] === '1';
  });
}

function policy(prefix: string, overrides: Partial<CachePolicy> = {}): CachePolicy {
  return { ...cachePolicyFrom({ ...loadConfig({}), cachePrefix: prefix }), ...overrides };
}

/** A reader over the cache, as one gateway process has: the real fetchers, recording what reached a registry. */
function reader(cache: Cache, cachePolicy: CachePolicy, wrap: (kind: EntityKind, fetch: BatchFn<unknown, unknown>) => BatchFn<unknown, unknown> = (_, fetch) => fetch) {
  const real = createFetchers(sources);
  const asked: Partial<Record<EntityKind, unknown[][]>> = {};
  const recording = {} as Record<EntityKind, BatchFn<unknown, unknown>>;
  for (const [kind, fetch] of Object.entries(real) as Array<[EntityKind, BatchFn<unknown, unknown>]>) {
    recording[kind] = wrap(kind, async (keys) => {
      (asked[kind] ??= []).push([...keys]);
      return fetch(keys);
    });
  }
  const counters = new CacheCounters();
  return { fetchers: readThrough(recording as unknown as Fetchers, cache, cachePolicy, counters), asked, counters };
}

const numbers = (citizens: Citizen[]) => citizens.map((citizen) => citizen.personalNumber);

const statementTotal = () => sources.civil.statements.total + sources.address.statements.total + sources.vehicle.statements.total;

describe.each(['in-process', 'redis', 'redis-cluster'] as const)('the %s cache under the loaders', (kind) => {
  let cluster: PrivateRedisCluster | undefined;
  let target: RedisTarget | undefined;
  let cache: Cache;
  let prefixes = 0;
  const run = `t${process.pid}${randomBytes(3).toString('hex')}`;
  // A fresh namespace per test, so no test sees another's entries.
  const freshPolicy = (overrides: Partial<CachePolicy> = {}) => policy(`${run}-${(prefixes += 1)}`, overrides);
  // The cache, its multi-gets counted once answered, so that what an answer leads to is done when the
  // count moves; told of changes as `changes` says (by default, as a Redis Cluster or a proxy: not at all).
  const countingLookups = (changes?: ChangeTracking) => {
    const counted = { lookups: 0, cache };
    counted.cache = {
      ...cache,
      changes,
      getMany: async (keys) => {
        const values = await cache.getMany(keys);
        counted.lookups += 1;
        return values;
      },
      onInvalidation: (listener) => cache.onInvalidation(listener),
    };
    return counted;
  };

  beforeAll(async () => {
    if (kind === 'redis-cluster') {
      cluster = await startPrivateRedisCluster(3);
      target = loadConfig({ REDIS_CLUSTER_NODES: cluster.nodeList }).redis!;
    } else if (kind === 'redis') {
      target = { mode: 'standalone', url: SHARED_REDIS_URL };
    }
    cache = target ? createRedisCache(target, silent, { commandTimeoutMs: COMMAND_TIMEOUT_MS, invalidationChannel: `${run}:invalidations`, keyPrefix: run }) : createMemoryCache(10_000);
    await untilReachable(cache, `${run}-probe`);
  });

  afterAll(async () => {
    await cache?.close();
    if (kind === 'redis') {
      const admin = new Redis(SHARED_REDIS_URL);
      const keys = await admin.keys(`${run}*`);
      if (keys.length > 0) await admin.del(...keys);
      admin.disconnect();
    }
    await cluster?.stop();
  });

  it('serves a batch that another process read from the cache, without asking the registry', async () => {
    const cachePolicy = freshPolicy();
    const first = reader(cache, cachePolicy);
    const second = reader(cache, cachePolicy);
    const read = await first.fetchers.citizenByPersonalNumber(numbers(known.slice(0, 3)));
    const again = await second.fetchers.citizenByPersonalNumber(numbers(known.slice(0, 3)));
    expect(again).toEqual(read);
    expect(read).toEqual(known.slice(0, 3));
    expect(first.asked).toEqual({ citizenByPersonalNumber: [numbers(known.slice(0, 3))] });
    expect(second.asked).toEqual({});
    expect(second.counters.hits.citizenByPersonalNumber).toBe(3);
    expect(first.counters.misses.citizenByPersonalNumber).toBe(3);
  });

  it('asks the registry for the misses only, and answers in key order', async () => {
    const cachePolicy = freshPolicy();
    await reader(cache, cachePolicy).fetchers.citizenByPersonalNumber([known[1]!.personalNumber]);
    const { fetchers, asked } = reader(cache, cachePolicy);
    const answer = await fetchers.citizenByPersonalNumber(numbers(known.slice(0, 3)));
    expect(asked.citizenByPersonalNumber).toEqual([[known[0]!.personalNumber, known[2]!.personalNumber]]);
    expect(answer).toEqual(known.slice(0, 3));
  });

  it('costs one multi-get and one write-back per batch', async () => {
    const calls = { getMany: 0, setMany: 0, written: 0 };
    const counting: Cache = {
      ...cache,
      getMany: (keys) => ((calls.getMany += 1), cache.getMany(keys)),
      setMany: (entries) => ((calls.setMany += 1), (calls.written += entries.length), cache.setMany(entries)),
      onInvalidation: (listener) => cache.onInvalidation(listener),
    };
    await reader(counting, freshPolicy()).fetchers.citizenByPersonalNumber([...numbers(known), '0000000003']);
    expect(calls).toEqual({ getMany: 1, setMany: 1, written: known.length + 1 });
  });

  it('keeps what a process just read in its memory for the local time-to-live, then asks the cache again', async () => {
    const counting = countingLookups();
    // Kept longer than any run of this test: every read after the first is answered from memory.
    const keptLong = freshPolicy({ localTtlMs: 600_000 });
    await reader(cache, keptLong).fetchers.citizenByPersonalNumber([known[0]!.personalNumber]);
    const { fetchers, asked } = reader(counting.cache, keptLong);
    for (let read = 0; read < 3; read += 1) expect(await fetchers.citizenByPersonalNumber([known[0]!.personalNumber])).toEqual([known[0]]);
    expect(counting.lookups).toBe(1);
    // Kept briefly: once that time has passed, however long, the cache is asked again.
    const keptBriefly = reader(counting.cache, { ...keptLong, localTtlMs: 300 });
    await keptBriefly.fetchers.citizenByPersonalNumber([known[0]!.personalNumber]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    await keptBriefly.fetchers.citizenByPersonalNumber([known[0]!.personalNumber]);
    expect(counting.lookups).toBe(3);
    expect(asked).toEqual({});
    expect(keptBriefly.asked).toEqual({});

    const withoutMemory = reader(counting.cache, freshPolicy({ localTtlMs: 0 }));
    for (let read = 0; read < 3; read += 1) await withoutMemory.fetchers.citizenByPersonalNumber([known[0]!.personalNumber]);
    expect(counting.lookups).toBe(6);
  });

  it('reads a value asked for late in its time in memory again from the cache, and lets it go once the cache no longer holds it', async () => {
    const counting = countingLookups();
    const cachePolicy = freshPolicy({ localTtlMs: 1000 });
    const { fetchers, asked } = reader(counting.cache, cachePolicy);
    const [key] = numbers(known);
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    // Gone from the cache without an invalidation, as when its entry is evicted.
    await cache.deleteMany([cacheKey(cachePolicy, 'citizenByPersonalNumber', key!)]);
    // Past half its time in memory: answered from there while the cache is asked again in the background
    // (or, on a machine slow enough to let the whole time pass, read the whole way at once).
    await new Promise((resolve) => setTimeout(resolve, 650));
    const before = counting.lookups;
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    await until('the cache to be asked again', async () => counting.lookups > before);
    // The cache had nothing: the next read, still within the first second, goes to the registry.
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    expect(asked.citizenByPersonalNumber).toEqual([[key], [key]]);
  });

  it('answers what the cache holds once it was read again, when another process rewrote the entry meanwhile', async () => {
    const counting = countingLookups();
    const cachePolicy = freshPolicy({ localTtlMs: 1000 });
    const { fetchers } = reader(counting.cache, cachePolicy);
    const [key] = numbers(known);
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    // Another replica read the registry again, after the person changed their name.
    const renamed = { ...known[0]!, lastName: `${known[0]!.lastName}-Renamed` };
    const entry = `${Math.floor(Date.now() / 1000)}|${CODECS.citizenByPersonalNumber.encode(renamed)}`;
    await cache.setMany([{ key: cacheKey(cachePolicy, 'citizenByPersonalNumber', key!), value: entry, ttlSeconds: 60 }]);
    // Past half its time in memory the old value still answers, and the cache is asked again; after
    // that, from memory or (on a machine slow enough to let the whole time pass) from the cache, the new.
    await new Promise((resolve) => setTimeout(resolve, 650));
    const before = counting.lookups;
    await fetchers.citizenByPersonalNumber([key!]);
    await until('the cache to be asked again', async () => counting.lookups > before);
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([renamed]);
  });

  it.runIf(kind === 'redis')('keeps a value read from a Redis that tells changes past its local time, until another process changes its entry', async () => {
    await until('Redis to tell this process of changes', () => cache.changes?.session !== null);
    const counting = countingLookups(cache.changes);
    const cachePolicy = freshPolicy({ localTtlMs: 100 });
    const { fetchers, asked } = reader(counting.cache, cachePolicy);
    const [key] = numbers(known);
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    const lookups = counting.lookups;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    expect(counting.lookups).toBe(lookups);
    // Another replica read the registry again, after the person changed their name.
    const renamed = { ...known[0]!, lastName: `${known[0]!.lastName}-Renamed` };
    const other = new Redis(SHARED_REDIS_URL);
    await other.set(cacheKey(cachePolicy, 'citizenByPersonalNumber', key!), `${Math.floor(Date.now() / 1000)}|${CODECS.citizenByPersonalNumber.encode(renamed)}`, 'EX', 60);
    other.disconnect();
    await until('the change to be told, and the new entry read', async () => (await fetchers.citizenByPersonalNumber([key!]))[0]?.lastName === renamed.lastName);
    expect(asked.citizenByPersonalNumber).toEqual([[key]]);
  });

  it.runIf(kind === 'in-process')('keeps a value read from the in-process cache past the local time, until its entry is invalidated', async () => {
    const counting = countingLookups(cache.changes);
    const cachePolicy = freshPolicy({ localTtlMs: 100 });
    const { fetchers, asked } = reader(counting.cache, cachePolicy);
    const [key] = numbers(known);
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (let read = 0; read < 3; read += 1) expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    // One multi-get, the first read's miss: no read of the cache again, in the background or not.
    expect(counting.lookups).toBe(1);
    await new Invalidator(counting.cache, cachePolicy).invalidate([{ type: 'Citizen', key: key! }]);
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    expect(asked.citizenByPersonalNumber).toEqual([[key], [key]]);
  });

  it.runIf(kind === 'redis')('drops what it kept when the cache stops telling changes, and keeps values for the local time only until telling starts again', async () => {
    const listeners: ChangeListener[] = [];
    const told = { session: 1 as number | null, onChange: (listener: ChangeListener) => void listeners.push(listener) };
    const counting = countingLookups(told);
    const { fetchers } = reader(counting.cache, freshPolicy({ localTtlMs: 100 }));
    const [key] = numbers(known);
    const read = async () => expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    const pastLocalTime = () => new Promise((resolve) => setTimeout(resolve, 150));
    await read();
    await pastLocalTime();
    await read();
    expect(counting.lookups).toBe(1);
    // A change may have gone untold: nothing kept is trusted any longer.
    told.session = null;
    for (const listener of listeners) listener(null);
    await read();
    expect(counting.lookups).toBe(2);
    await pastLocalTime();
    await read();
    expect(counting.lookups).toBe(3);
    // Told again: the value read while nothing was told expires in its local time, the next is kept.
    told.session = 2;
    await pastLocalTime();
    await read();
    await pastLocalTime();
    await read();
    expect(counting.lookups).toBe(4);
  });

  it.runIf(kind === 'redis')('does not keep an entry whose change was told while it was on its way from the cache', async () => {
    const listeners: ChangeListener[] = [];
    const told = { session: 1, onChange: (listener: ChangeListener) => void listeners.push(listener) };
    const cachePolicy = freshPolicy({ localTtlMs: 60_000 });
    const [key] = numbers(known);
    await reader(cache, cachePolicy).fetchers.citizenByPersonalNumber([key!]);
    const counting = countingLookups(told);
    // The change is told before the multi-get's answer is taken, as when the tracking connection is quicker.
    const getMany = counting.cache.getMany;
    counting.cache = {
      ...counting.cache,
      getMany: async (keys) => {
        const values = await getMany(keys);
        if (counting.lookups === 1) for (const listener of listeners) listener(keys);
        return values;
      },
    };
    const { fetchers } = reader(counting.cache, cachePolicy);
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    expect(await fetchers.citizenByPersonalNumber([key!])).toEqual([known[0]]);
    // The first answer was not kept; the second was, and answered the third.
    expect(counting.lookups).toBe(2);
  });

  it.runIf(kind === 'redis-cluster')('sends one MGET per hash slot of the batch', async () => {
    const cachePolicy = freshPolicy();
    const mgets = async () => {
      let total = 0;
      for (const node of cluster!.nodes) total += Number(/cmdstat_mget:calls=(\d+)/.exec(await node.cli('info', 'commandstats'))?.[1] ?? 0);
      return total;
    };
    const keys = numbers(known);
    const before = await mgets();
    await reader(cache, cachePolicy).fetchers.citizenByPersonalNumber(keys);
    const slots = new Set(keys.map((key) => calculateSlot(cacheKey(cachePolicy, 'citizenByPersonalNumber', key))));
    expect((await mgets()) - before).toBe(slots.size);
  });

  it('keeps each kind for its own time: a person expires while a municipality is still served', async () => {
    const cachePolicy = freshPolicy();
    const shortLived = { ...cachePolicy, ttlSeconds: { ...cachePolicy.ttlSeconds, citizenByPersonalNumber: 1 } };
    const first = reader(cache, shortLived);
    await first.fetchers.citizenByPersonalNumber([known[0]!.personalNumber]);
    await first.fetchers.municipalityByCode([1]);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const later = reader(cache, shortLived);
    await later.fetchers.citizenByPersonalNumber([known[0]!.personalNumber]);
    await later.fetchers.municipalityByCode([1]);
    expect(later.asked).toEqual({ citizenByPersonalNumber: [[known[0]!.personalNumber]] });
  });

  it('keeps "not found" only briefly', async () => {
    const unknown = '0000000003';
    // Entries carry the second they were read: one kept for a second may be stale at once, one kept
    // for a minute is still fresh for a reader that comes soon after, however slow the machine.
    const keptAMinute = freshPolicy({ notFoundTtlSeconds: 60 });
    expect(await reader(cache, keptAMinute).fetchers.citizenByPersonalNumber([unknown])).toEqual([null]);
    const soon = reader(cache, keptAMinute);
    expect(await soon.fetchers.citizenByPersonalNumber([unknown])).toEqual([null]);
    expect(soon.asked).toEqual({});
    const keptASecond = freshPolicy({ notFoundTtlSeconds: 1 });
    expect(await reader(cache, keptASecond).fetchers.citizenByPersonalNumber([unknown, known[0]!.personalNumber])).toEqual([null, known[0]]);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const later = reader(cache, keptASecond);
    await later.fetchers.citizenByPersonalNumber([unknown, known[0]!.personalNumber]);
    expect(later.asked).toEqual({ citizenByPersonalNumber: [[unknown]] });
  });

  it('never reads an entry written under another cache version, or of another shape', async () => {
    const cachePolicy = freshPolicy();
    await reader(cache, { ...cachePolicy, version: 1 }).fetchers.citizenByPersonalNumber([known[0]!.personalNumber]);
    const newer = reader(cache, { ...cachePolicy, version: 2 });
    expect(await newer.fetchers.citizenByPersonalNumber([known[0]!.personalNumber])).toEqual([known[0]]);
    expect(newer.asked.citizenByPersonalNumber).toHaveLength(1);

    await cache.setMany([{ key: cacheKey(cachePolicy, 'citizenByPersonalNumber', known[1]!.personalNumber), value: '{"firstName":"X"}', ttlSeconds: 60 }]);
    const damaged = reader(cache, cachePolicy);
    expect(await damaged.fetchers.citizenByPersonalNumber([known[1]!.personalNumber])).toEqual([known[1]]);
    expect(damaged.asked.citizenByPersonalNumber).toHaveLength(1);
  });

  it('drops an invalidated citizen together with the household list that holds them', async () => {
    const cachePolicy = freshPolicy();
    const person = known[0]!;
    const warm = reader(cache, cachePolicy);
    await warm.fetchers.citizenByPersonalNumber([person.personalNumber]);
    await warm.fetchers.residentsByAddress([person.addressId!]);
    await warm.fetchers.documentsByHolder([person.personalNumber]);
    await warm.fetchers.citizenByPersonalNumber([known[1]!.personalNumber]);

    expect((await new Invalidator(cache, cachePolicy).invalidate([{ type: 'Citizen', key: person.personalNumber }])).keys).toBeGreaterThanOrEqual(7);

    const after = reader(cache, cachePolicy);
    await after.fetchers.citizenByPersonalNumber([person.personalNumber, known[1]!.personalNumber]);
    await after.fetchers.residentsByAddress([person.addressId!]);
    await after.fetchers.documentsByHolder([person.personalNumber]);
    expect(after.asked).toEqual({
      citizenByPersonalNumber: [[person.personalNumber]],
      residentsByAddress: [[person.addressId]],
      documentsByHolder: [[person.personalNumber]],
    });
  });

  it('drops an identity document kept by its number when it or its holder is invalidated', async () => {
    const cachePolicy = freshPolicy();
    const warm = reader(cache, cachePolicy);
    const held = await warm.fetchers.documentsByHolder(known.map((person) => person.personalNumber));
    const holderIndex = held.findIndex((documents) => documents.length > 0);
    expect(holderIndex).toBeGreaterThanOrEqual(0);
    const numbers = held[holderIndex]!.map((document) => document.number);
    await warm.fetchers.identityDocumentByNumber(numbers);

    // The holder invalidated: the cached list of their documents names the entries kept by number.
    await new Invalidator(cache, cachePolicy).invalidate([{ type: 'Citizen', key: known[holderIndex]!.personalNumber }]);
    const afterHolder = reader(cache, cachePolicy);
    await afterHolder.fetchers.identityDocumentByNumber(numbers);
    expect(afterHolder.asked.identityDocumentByNumber).toEqual([numbers]);

    // The document itself: its holder's list goes with it.
    await afterHolder.fetchers.documentsByHolder([known[holderIndex]!.personalNumber]);
    await new Invalidator(cache, cachePolicy).invalidate([{ type: 'IdentityDocument', key: numbers[0]! }]);
    const afterDocument = reader(cache, cachePolicy);
    await afterDocument.fetchers.identityDocumentByNumber(numbers);
    await afterDocument.fetchers.documentsByHolder([known[holderIndex]!.personalNumber]);
    expect(afterDocument.asked).toEqual({ identityDocumentByNumber: [[numbers[0]]], documentsByHolder: [[known[holderIndex]!.personalNumber]] });
  });

  it('drops a value just read by this process, which would otherwise answer its next requests', async () => {
    const cachePolicy = freshPolicy();
    const process = reader(cache, cachePolicy);
    await process.fetchers.citizenByPersonalNumber([known[0]!.personalNumber]);
    await new Invalidator(cache, cachePolicy).invalidate([{ type: 'Citizen', key: known[0]!.personalNumber }]);
    await process.fetchers.citizenByPersonalNumber([known[0]!.personalNumber]);
    expect(process.asked.citizenByPersonalNumber).toHaveLength(2);
  });

  it.runIf(kind !== 'in-process')('announces an invalidation to every other replica on the same Redis', async () => {
    const other = createRedisCache(target!, silent, { commandTimeoutMs: COMMAND_TIMEOUT_MS, invalidationChannel: `${run}:invalidations`, keyPrefix: run });
    const heard: string[][] = [];
    other.onInvalidation((keys) => heard.push([...keys]));
    const probe = `${run}:probe`;
    try {
      // The other replica's subscription is made as it connects.
      await until('the other replica to hear an announcement', async () => {
        await cache.announceInvalidation([probe]);
        return heard.length > 0;
      });
      const announced = [`${run}:announced-a`, `${run}:announced-b`];
      await cache.announceInvalidation(announced);
      await until('the other replica to hear the invalidation', () => heard.some((keys) => keys.join() === announced.join()));
      // Earlier tests' announcements may still be crossing a cluster's bus: only this one's are counted.
      expect(heard.filter((keys) => keys.some((key) => key.includes(':announced-')))).toEqual([announced]);
    } finally {
      await other.close();
    }
  });

  it('keeps a registry read that an invalidation overtook out of the cache', async () => {
    const cachePolicy = freshPolicy();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atRegistry = new Promise<void>((resolve) => (reached = resolve));
    const slow = reader(cache, cachePolicy, (_, fetch) => async (keys) => {
      reached();
      await gate;
      return fetch(keys);
    });
    const reading = slow.fetchers.citizenByPersonalNumber([known[0]!.personalNumber]);
    // The invalidation comes while the read is at the registry.
    await atRegistry;
    await new Invalidator(cache, cachePolicy).invalidate([{ type: 'Citizen', key: known[0]!.personalNumber }]);
    release();
    expect(await reading).toEqual([known[0]]);

    const next = reader(cache, cachePolicy);
    await next.fetchers.citizenByPersonalNumber([known[0]!.personalNumber]);
    expect(next.asked.citizenByPersonalNumber).toHaveLength(1);
  });

  it('answers 100 concurrent requests for one cold key with one registry statement', async () => {
    const gateway = await createGateway({ config: testConfig({ cachePrefix: `${run}-${(prefixes += 1)}` }), sources, log: silent, cache });
    await gateway.listen(0);
    const lookups = () => {
      const counted = gateway.counters().cache;
      return (counted?.hits.citizenByPersonalNumber ?? 0) + (counted?.misses.citizenByPersonalNumber ?? 0);
    };
    // The registry answers only once every request has looked the citizen up, so they all overlap its read.
    const personsByNumbers = sources.civil.personsByNumbers;
    sources.civil.personsByNumbers = async (keys) => {
      await until('all 100 requests to look the citizen up', () => lookups() === 100);
      return personsByNumbers.call(sources.civil, keys);
    };
    try {
      const before = sources.civil.statements.byQuery().personsByNumbers ?? 0;
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => postQuery(gateway.url(), `{ citizen(personalNumber: "${known[2]!.personalNumber}") { lastName } }`)),
      );
      expect(answers.every((answer) => answer.data?.citizen?.lastName === known[2]!.lastName)).toBe(true);
      expect((sources.civil.statements.byQuery().personsByNumbers ?? 0) - before).toBe(1);
    } finally {
      sources.civil.personsByNumbers = personsByNumbers;
      await gateway.stop();
    }
  });

  it('costs no registry statement when a whole query is answered from the cache', async () => {
    const gateway = await createGateway({ config: testConfig({ cachePrefix: `${run}-${(prefixes += 1)}` }), sources, log: silent, cache });
    await gateway.listen(0);
    try {
      const query = `{ citizen(personalNumber: "${known[3]!.personalNumber}") { lastName address { street municipality { nameSq } } household { firstName } documents { number } vehicles { plate } drivingLicence { number } } }`;
      const first = await postQuery(gateway.url(), query);
      // Past the hold of the values just read, so the second answer comes from the cache itself.
      await new Promise((resolve) => setTimeout(resolve, loadConfig({}).cacheLocalTtlMs + 50));
      const before = statementTotal();
      const again = await postQuery(gateway.url(), query);
      expect(statementTotal()).toBe(before);
      expect(again).toEqual(first);
      expect(gateway.counters().cache?.hits.citizenByPersonalNumber).toBeGreaterThanOrEqual(1);
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
    const cache = createRedisCache({ mode: 'standalone', url: 'redis://127.0.0.1:1' }, log, { commandTimeoutMs: 100, invalidationChannel: 'unreachable', keyPrefix: 'unreachable:' });
    try {
      const { fetchers } = reader(cache, policy('unreachable'));
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expect(await fetchers.citizenByPersonalNumber([known[0]!.personalNumber])).toEqual([known[0]]);
        await new Promise((resolve) => setTimeout(resolve, loadConfig({}).cacheLocalTtlMs + 50));
      }
      expect(lines.filter((line) => line.includes('cache unreachable'))).toHaveLength(1);
    } finally {
      await cache.close();
    }
  });
});

async function postQuery(url: string, query: string): Promise<{ data?: Record<string, any> | null; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: Record<string, any> | null };
}
