import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRecords, verifyAt } from '../support/audit.js';
import type { CountersSnapshot } from '../../src/counters.js';
import { connect } from '../../src/sources/engine.js';
import { authHeaders, TEST_CONSUMERS_FILE } from '../support/consumers.js';
import { startGatewayProcess, type GatewayProcess } from '../support/gatewayProcess.js';
import { SHARED_REDIS_URL } from '../support/redis.js';
import { provisionRegistries, type TestRegistries } from '../support/registries.js';
import { until } from '../support/until.js';

const ADMIN_KEY = randomBytes(16).toString('hex');
const PREFIX = `replicas-${process.pid}-${randomBytes(3).toString('hex')}`;
const AUDIT_URL = `sqlite:${path.join(tmpdir(), `${PREFIX}-audit.sqlite`)}`;

let registries: TestRegistries;
let replicas: GatewayProcess[] = [];
let people: string[];

/** A gateway replica, sharing Redis and the audit trail with the other. */
function startReplica(targets: TestRegistries['targets']): Promise<GatewayProcess> {
  return startGatewayProcess({
    CIVIL_REGISTRY_URL: targets.civil,
    ADDRESS_REGISTER_URL: targets.address,
    VEHICLE_REGISTRY_URL: targets.vehicle,
    REDIS_URL: SHARED_REDIS_URL,
    CACHE_PREFIX: PREFIX,
    CONSUMERS_FILE: TEST_CONSUMERS_FILE,
    // One trail for both, as replicas share theirs.
    AUDIT_DATABASE_URL: AUDIT_URL,
    ADMIN_KEY_SHA256: createHash('sha256').update(ADMIN_KEY).digest('hex'),
    // A value just read stays in a replica's memory for a minute: within the test, only an
    // invalidation's announcement drops it.
    CACHE_LOCAL_TTL_MS: '60000',
    // Commands that no busy machine makes wait that long: what is written is shared.
    REDIS_COMMAND_TIMEOUT_MS: '10000',
  });
}

async function ask(replica: GatewayProcess, personalNumber: string): Promise<string | undefined> {
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ query: `{ citizen(personalNumber: "${personalNumber}") { lastName address { street } } }` }),
  });
  return ((await response.json()) as any).data?.citizen?.lastName;
}

async function counters(replica: GatewayProcess): Promise<CountersSnapshot> {
  const response = await fetch(new URL('/admin/counters', replica.url), { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  return (await response.json()) as CountersSnapshot;
}

async function cacheReachable(replica: GatewayProcess): Promise<boolean> {
  const response = await fetch(new URL('/readyz', replica.url));
  return ((await response.json()) as { cache: { state: string } | null }).cache?.state === 'reachable';
}

async function invalidate(replica: GatewayProcess, personalNumber: string): Promise<number> {
  const response = await fetch(new URL('/admin/cache/invalidate', replica.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({ entities: [{ type: 'Citizen', key: personalNumber }] }),
  });
  return response.status;
}

/** What one replica's civil registry was asked, and what its cache answered, while `work` ran. */
async function civilReadsDuring(replica: GatewayProcess, work: () => Promise<unknown>): Promise<{ statements: number; hits: number }> {
  const before = await counters(replica);
  await work();
  const after = await counters(replica);
  return {
    statements: after.statements.civil.total - before.statements.civil.total,
    hits: (after.cache?.hits.citizenByPersonalNumber ?? 0) - (before.cache?.hits.citizenByPersonalNumber ?? 0),
  };
}

/** Asks `replica` for a person until it reads the registry: an announcement travels over Redis pub/sub. */
async function untilReadFromRegistry(replica: GatewayProcess, personalNumber: string): Promise<void> {
  await until('the replica to read the registry again', async () => (await civilReadsDuring(replica, () => ask(replica, personalNumber))).statements === 1);
}

beforeAll(async () => {
  registries = await provisionRegistries('sqlite', 300);
  replicas = await Promise.all([startReplica(registries.targets), startReplica(registries.targets)]);
  // Each replica connects to Redis, and subscribes to the announcements, after it starts listening.
  await until('both replicas to reach Redis', async () => (await Promise.all(replicas.map(cacheReachable))).every(Boolean));
  const redis = new Redis(SHARED_REDIS_URL);
  try {
    await until('both replicas to subscribe to invalidations', async () => (await redis.pubsub('NUMSUB', `${PREFIX}:invalidations`))[1] === 2);
  } finally {
    redis.disconnect();
  }
  // Read from the registry itself, so that neither replica nor the cache holds them yet.
  const { db } = connect<any>(registries.targets.civil, { poolSize: 1 });
  try {
    const rows = await db.selectFrom('person').select('personal_no').orderBy('personal_no').limit(5).execute();
    people = rows.map((row) => String(row.personal_no).trim());
  } finally {
    await db.destroy();
  }
});

afterAll(async () => {
  await Promise.all(
    replicas.map((replica) => new Promise((resolve) => {
      if (replica.process.exitCode !== null) return resolve(null);
      replica.process.once('exit', resolve);
      replica.process.kill('SIGTERM');
    })),
  );
  const redis = new Redis(SHARED_REDIS_URL);
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await registries?.drop();
});

describe('two gateway replicas on one Redis', () => {
  it('share the cache: what replica A read, replica B answers without asking the registry', async () => {
    const [a, b] = replicas as [GatewayProcess, GatewayProcess];
    const lastName = await ask(a, people[0]!);
    expect(lastName).toBeTruthy();
    const onB = await civilReadsDuring(b, async () => expect(await ask(b, people[0]!)).toBe(lastName));
    expect(onB).toEqual({ statements: 0, hits: 1 });
  });

  it('see an invalidation sent to replica A: replica B reads the registry again', async () => {
    const [a, b] = replicas as [GatewayProcess, GatewayProcess];
    await ask(a, people[1]!);
    expect(await civilReadsDuring(b, () => ask(b, people[1]!))).toMatchObject({ statements: 0 });
    expect(await invalidate(a, people[1]!)).toBe(200);
    await untilReadFromRegistry(b, people[1]!);
  });

  it('drop, on an invalidation sent to replica A, a value replica B had just read and still held in memory', async () => {
    const [a, b] = replicas as [GatewayProcess, GatewayProcess];
    // B reads the person itself, and keeps the value in memory for a moment.
    expect(await civilReadsDuring(b, () => ask(b, people[2]!))).toMatchObject({ statements: 1 });
    expect(await civilReadsDuring(b, () => ask(b, people[2]!))).toMatchObject({ statements: 0 });
    expect(await invalidate(a, people[2]!)).toBe(200);
    await untilReadFromRegistry(b, people[2]!);
  });

  it('write one audit trail between them, each on chains of its own without a break', async () => {
    const records = await allRecords(AUDIT_URL);
    expect(new Set(records.map((record) => record.requestId)).size).toBeGreaterThanOrEqual(6);
    const chains = new Set(records.map((record) => record.writer)).size;
    expect(chains).toBeGreaterThanOrEqual(2);
    expect(await verifyAt(AUDIT_URL)).toMatchObject({ intact: true, chains, records: records.length });
  });

  it('stop cleanly on SIGTERM', async () => {
    const codes = await Promise.all(
      replicas.map((replica) => new Promise<number | null>((resolve) => {
        replica.process.once('exit', resolve);
        replica.process.kill('SIGTERM');
      })),
    );
    expect(codes).toEqual([0, 0]);
    const logs = replicas.flatMap((replica) => replica.logLines).join('\n');
    expect(logs).not.toContain(people[0]!);
  });
});
