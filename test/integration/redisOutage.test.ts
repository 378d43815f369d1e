import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache, type Cache } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config.js';
import type { Citizen } from '../../src/domain.js';
import { createLogger } from '../../src/logger.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redis.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';

const COMMAND_TIMEOUT_MS = 100;

let registries: TestRegistries;
let redis: PrivateRedis;
let gw: TestGateway;
let people: Citizen[];
const cacheLog: string[] = [];

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 300);
  redis = await startPrivateRedis();
  const log = createLogger({ logLevel: 'info' }, { write: (line: string) => void cacheLog.push(line) });
  const cache = createRedisCache({ mode: 'standalone', url: redis.url }, log, { commandTimeoutMs: COMMAND_TIMEOUT_MS, invalidationChannel: 'outage:invalidations' });
  gw = await startTestGateway(registries.targets, { cache });
  people = await gw.sources.civil.searchPersons({ birthMunicipalityCode: 1 }, null, 40);
});

afterAll(async () => {
  await gw?.stop();
  await gw?.gateway.cache?.close();
  await redis?.kill();
  await registries?.drop();
});

interface Outcome {
  ok: boolean;
  ms: number;
}

/** Sends citizen queries from `workers` loops until `stop` says so. */
function keepAsking(workers: number, stop: () => boolean): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let turn = 0;
  const loop = async () => {
    while (!stop()) {
      const person = people[(turn += 1) % people.length]!;
      const started = performance.now();
      const result = await gw.query(`{ citizen(personalNumber: "${person.personalNumber}") { lastName address { street } } }`);
      outcomes.push({ ok: result.status === 200 && !result.errors && result.data?.citizen?.lastName === person.lastName, ms: performance.now() - started });
    }
  };
  return Promise.all(Array.from({ length: workers }, loop)).then(() => outcomes);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a repeated read of one person is now answered by the cache rather than the registry. */
async function cacheAnswers(person: Citizen): Promise<boolean> {
  const query = `{ citizen(personalNumber: "${person.personalNumber}") { lastName } }`;
  await gw.query(query);
  await sleep(loadConfig({}).cacheLocalTtlMs + 50);
  const statements = await gw.statementsDuring(() => gw.query(query));
  return Object.keys(statements.civil).length === 0;
}

describe('Redis going down and coming back while requests run', () => {
  it('fails no request, keeps each within a bound, logs the outage once, and uses the cache again afterwards', async () => {
    expect(await cacheAnswers(people[0]!)).toBe(true);

    let phase: 'before' | 'down' | 'after' = 'before';
    let stopped = false;
    const traffic = keepAsking(4, () => stopped);
    await sleep(300);
    phase = 'down';
    await redis.kill();
    await sleep(1500);
    await redis.start();
    phase = 'after';
    // The client reconnects by itself, backing off to one attempt every two seconds.
    let reconnected = false;
    for (let attempt = 0; attempt < 20 && !reconnected; attempt += 1) reconnected = await cacheAnswers(people[(attempt % 10) + 1]!);
    stopped = true;
    const outcomes = await traffic;

    expect(phase).toBe('after');
    expect(reconnected).toBe(true);
    expect(outcomes.length).toBeGreaterThan(50);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    // A dead cache costs at most a command timeout per batch, never a hang.
    expect(Math.max(...outcomes.map((outcome) => outcome.ms))).toBeLessThan(1000);
    const messages = cacheLog.map((line) => JSON.parse(line).msg as string);
    expect(messages.filter((message) => message === 'cache unreachable; reading the registries')).toHaveLength(1);
    expect(messages.filter((message) => message === 'cache reachable again')).toHaveLength(1);
  });
});

describe('a Redis that is slow', () => {
  let cache: Cache;
  const lines: string[] = [];

  beforeAll(async () => {
    const log = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(line) });
    cache = createRedisCache({ mode: 'standalone', url: redis.url }, log, { commandTimeoutMs: COMMAND_TIMEOUT_MS, invalidationChannel: 'slow:invalidations' });
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await cache.setMany([{ key: 'slow:known', value: 'v', ttlSeconds: 60 }]);
      if ((await cache.getMany(['slow:known']))[0] === 'v') return;
      await sleep(20);
    }
  });

  afterAll(() => cache?.close());

  it('costs a read at most the command timeout when Redis stops answering, and is logged sparingly', async () => {
    lines.length = 0;
    // Redis keeps the connection but answers nothing for a second.
    await redis.cli('client', 'pause', '1000', 'ALL');
    const started = performance.now();
    const answers = await Promise.all([cache.getMany(['slow:known']), cache.getMany(['slow:known'])]);
    const waited = performance.now() - started;
    await redis.cli('client', 'unpause');
    expect(answers).toEqual([[null], [null]]);
    expect(waited).toBeLessThan(COMMAND_TIMEOUT_MS + 400);
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['cache commands failing or too slow; reading the registries']);
  });

  it('still takes an answer that arrived while the gateway was busy computing past the timeout', async () => {
    lines.length = 0;
    const reading = cache.getMany(['slow:known']);
    // Auto-pipelined commands leave in the event loop's check phase; once sent, the gateway's own work
    // holds the process ten times as long as the command timeout: long enough for Redis to answer
    // even on a machine whose other core is busy with other tests.
    await new Promise((resolve) => setImmediate(resolve));
    const until = performance.now() + 10 * COMMAND_TIMEOUT_MS;
    while (performance.now() < until);
    expect(await reading).toEqual(['v']);
    expect(lines).toEqual([]);
  });
});
