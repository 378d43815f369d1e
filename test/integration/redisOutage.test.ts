import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache, type Cache } from '../../src/cache/index.js';
import type { Citizen } from '../../src/domain.js';
import { createLogger } from '../../src/logger.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redis.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';
import { until } from '../support/until.js';

const COMMAND_TIMEOUT_MS = 100;
const WORKERS = 4;
// Requests each phase must see answered from start to end. A request that waited on the dead cache
// until the client gave up on it (5 s) would keep this many from ending within the wait for them.
const PER_PHASE = 40;

let registries: TestRegistries;
let redis: PrivateRedis;
let gw: TestGateway;
let people: Citizen[];
const cacheLog: string[] = [];

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 300);
  redis = await startPrivateRedis();
  const log = createLogger({ logLevel: 'info' }, { write: (line: string) => void cacheLog.push(line) });
  // Commands to a dead Redis fail at once, so the outage needs no short timeout: with a long one, no
  // command to a live Redis times out on a busy machine.
  const cache = createRedisCache({ mode: 'standalone', url: redis.url }, log, { commandTimeoutMs: 10_000, invalidationChannel: 'outage:invalidations', keyPrefix: 'outage:' });
  await until('the cache to connect', () => cache.reachable());
  // Nothing kept in the process's memory: every request meets Redis, alive or dead.
  gw = await startTestGateway(registries.targets, { cache, config: { cacheLocalTtlMs: 0 } });
  people = await gw.sources.civil.searchPersons({ birthMunicipalityCode: 1 }, null, 40);
});

afterAll(async () => {
  await gw?.stop();
  await gw?.gateway.cache?.close();
  await redis?.kill();
  await registries?.drop();
});

/** Where the outage stood: Redis up, dead, being started again, back. */
type Phase = 'before' | 'down' | 'restarting' | 'back';

interface Outcome {
  ok: boolean;
  started: Phase;
  ended: Phase;
}

/** Sends citizen queries from `workers` loops until `stop` says so, each outcome with the phases it started and ended in. */
function keepAsking(workers: number, outcomes: Outcome[], phase: () => Phase, stop: () => boolean): Promise<void> {
  let turn = 0;
  const loop = async () => {
    while (!stop()) {
      const person = people[(turn += 1) % people.length]!;
      const started = phase();
      const result = await gw.query(`{ citizen(personalNumber: "${person.personalNumber}") { lastName address { street } } }`);
      outcomes.push({ ok: result.status === 200 && !result.errors && result.data?.citizen?.lastName === person.lastName, started, ended: phase() });
    }
  };
  return Promise.all(Array.from({ length: workers }, loop)).then(() => undefined);
}

/** Whether a repeated read of one person is answered by the cache rather than the registry. */
async function cacheAnswers(person: Citizen): Promise<boolean> {
  const query = `{ citizen(personalNumber: "${person.personalNumber}") { lastName } }`;
  await gw.query(query);
  const statements = await gw.statementsDuring(() => gw.query(query));
  return Object.keys(statements.civil).length === 0;
}

describe('Redis going down and coming back while requests run', () => {
  it('answers every request before, during and after the outage, never waits on the dead cache, logs the outage once, and uses the cache again', async () => {
    expect(await cacheAnswers(people[0]!)).toBe(true);

    let phase: Phase = 'before';
    let stopped = false;
    const outcomes: Outcome[] = [];
    const within = (wanted: Phase) => outcomes.filter((outcome) => outcome.started === wanted && outcome.ended === wanted).length;
    const traffic = keepAsking(WORKERS, outcomes, () => phase, () => stopped);
    try {
      await until(`${PER_PHASE} requests answered before the outage`, () => within('before') >= PER_PHASE);
      await redis.kill();
      phase = 'down';
      // Each of these started after Redis had died and ended before it was started again.
      await until(`${PER_PHASE} requests answered while Redis is down`, () => within('down') >= PER_PHASE);
      phase = 'restarting';
      await redis.start();
      phase = 'back';
      await until(`${PER_PHASE} requests answered once Redis is back`, () => within('back') >= PER_PHASE);
    } finally {
      stopped = true;
      await traffic;
    }

    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    // The client reconnects by itself, backing off to one attempt every two seconds.
    await until('the cache to answer again', () => cacheAnswers(people[1]!));
    const messages = cacheLog.map((line) => JSON.parse(line).msg as string);
    expect(messages.filter((message) => message === 'cache unreachable; reading the registries')).toHaveLength(1);
    expect(messages.filter((message) => message === 'cache reachable again')).toHaveLength(1);
  });
});

describe('a Redis that is slow', () => {
  let cache: Cache;
  const lines: string[] = [];

  beforeAll(async () => {
    // Written past the cache, so that a slow first command cannot log a failure the tests look for.
    await redis.cli('set', 'slow:known', 'v');
    const log = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(line) });
    cache = createRedisCache({ mode: 'standalone', url: redis.url }, log, { commandTimeoutMs: COMMAND_TIMEOUT_MS, invalidationChannel: 'slow:invalidations', keyPrefix: 'slow:' });
    await until('the cache to connect', () => cache.reachable());
  });

  afterAll(() => cache?.close());

  it('never holds a read while Redis stops answering: the read comes back empty, and the failure is logged once', async () => {
    lines.length = 0;
    // Redis keeps the connection but answers nothing until it is thawed, after the reads came back.
    await redis.freeze();
    let answers: Array<Array<string | null>>;
    try {
      answers = await Promise.all([cache.getMany(['slow:known']), cache.getMany(['slow:known'])]);
    } finally {
      redis.thaw();
    }
    expect(answers).toEqual([[null], [null]]);
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['cache commands failing or too slow; reading the registries']);
  });

  it('still takes an answer that arrived while the gateway was busy computing past the timeout', async () => {
    lines.length = 0;
    const mgets = () => Number(/cmdstat_mget:calls=(\d+)/.exec(redis.cliSync('info', 'commandstats'))?.[1] ?? 0);
    const before = mgets();
    const reading = cache.getMany(['slow:known']);
    // Once the read has left (by the end of this turn of the event loop), the gateway's own work holds
    // the process past the command timeout and until Redis has run the read.
    await new Promise((resolve) => setImmediate(resolve));
    const sent = performance.now();
    const giveUpAt = sent + 30_000;
    while (performance.now() - sent <= COMMAND_TIMEOUT_MS || mgets() === before) {
      if (performance.now() > giveUpAt) throw new Error('Redis never ran the read');
    }
    // Redis sends a round of answers before it reads what came after them.
    redis.cliSync('ping');
    expect(await reading).toEqual(['v']);
    expect(lines).toEqual([]);
  });
});
